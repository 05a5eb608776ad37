namespace Tchek.Events.StatusPoller.Operations;

/// <summary>
/// Retention, erasure and gauges every <see cref="HousekeepingOptions.Interval"/>, only on the instance
/// whose relay is active, so one instance does it and its gauges are the ones to read.
/// </summary>
internal sealed partial class Housekeeping(
    OutboxRelay relay,
    EventLog log,
    TrackedTokens tokens,
    IOptions<OutboxOptions> options,
    IOptions<TrackingOptions> tracking,
    IOptions<HousekeepingOptions> housekeeping,
    AuditLog audit,
    IOptions<AuditOptions> auditOptions,
    SessionRevocations revocations,
    TimeProvider time,
    PollerMetrics metrics,
    ILogger<Housekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan StandbyCheck = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!relay.IsActive)
            {
                await time.DelayQuietlyAsync(StandbyCheck, stoppingToken);
                continue;
            }

            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }

            await time.DelayQuietlyAsync(housekeeping.Value.Interval, stoppingToken);
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await log.PruneAsync(now - options.Value.Retention, ct);
        if (await tokens.ErasedSinceAsync(now - options.Value.Retention, ct) is { Count: > 0 } erased)
        {
            await log.DeletePublishedAsync(erased, ct);
        }

        if (await tokens.StoppedBeforeAsync(now - tracking.Value.StoppedRetention, 1_000, ct) is { Count: > 0 } expired)
        {
            // A token keeps its row until every event of it is published, then both go.
            await tokens.DeleteStoppedAsync(await log.DeleteIfPublishedAsync(expired, ct), ct);
        }

        await audit.PruneAsync(now - auditOptions.Value.Retention, ct);
        await revocations.PruneAsync(now, ct);

        var (count, oldest) = await log.BacklogAsync(ct);
        metrics.Backlog(count, oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero);
        metrics.TokensByStatus(await tokens.CountActiveByStatusAsync(ct));
    }

    [LoggerMessage(LogLevel.Warning, "Housekeeping failed; it runs again at its next interval")]
    private partial void LogFailed(Exception ex);
}
