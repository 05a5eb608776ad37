using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Tchek.Events.StatusPoller.Operations;

/// <summary>Ready only while PostgreSQL answers and holds our schema: the poller is useless without it.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var command = dataSource.CreateCommand("SELECT to_regclass('token_events') IS NOT NULL");
            return (bool)(await command.ExecuteScalarAsync(timeout.Token))!
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database is not migrated.");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", ex is NpgsqlException ? null : ex);
        }
    }
}
