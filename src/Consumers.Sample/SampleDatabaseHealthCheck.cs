using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Tchek.Events.Consumers.Sample;

/// <summary>Ready only while the sample database answers: a consumer that cannot write its inbox cannot take a message.</summary>
internal sealed class SampleDatabaseHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The sample database does not answer.", ex);
        }
    }
}
