using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tchek.Events.Consumers.Sample;

/// <summary>Ready only while the sample database answers: a consumer that cannot write its inbox cannot take a message.</summary>
internal sealed class SampleDatabaseHealthCheck(NpgsqlDataSource database) : DatabaseReadinessCheck
{
    protected override string Unreachable => "The sample database does not answer.";

    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(ct);
        return HealthCheckResult.Healthy();
    }
}
