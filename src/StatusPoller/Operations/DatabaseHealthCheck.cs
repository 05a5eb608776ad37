using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tchek.Events.StatusPoller.Operations;

/// <summary>Ready only while PostgreSQL answers and holds every migration of this build: the poller is useless without them.</summary>
internal sealed class DatabaseHealthCheck(PollerDbContext db) : DatabaseReadinessCheck
{
    protected override string Unreachable => "PostgreSQL does not answer.";

    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The database is not migrated ({pending.Count} migrations pending).");
    }
}
