using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tchek.Events.ServiceDefaults;

/// <summary>
/// A readiness check of a host's database: its probe gets five seconds, and a database that does not
/// answer in time, or fails, is Unhealthy with <see cref="Unreachable"/>.
/// </summary>
public abstract class DatabaseReadinessCheck : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>What the check says when the database does not answer.</summary>
    protected abstract string Unreachable { get; }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            return await ProbeAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is DbException or OperationCanceledException or InvalidOperationException)
        {
            // A database error says enough in its message; the others keep their stack for the log.
            return HealthCheckResult.Unhealthy(Unreachable, ex is DbException ? null : ex);
        }
    }

    /// <summary>Asks the database; Healthy when it answers as this host needs.</summary>
    /// <param name="ct">Cancelled when the check times out.</param>
    protected abstract Task<HealthCheckResult> ProbeAsync(CancellationToken ct);
}
