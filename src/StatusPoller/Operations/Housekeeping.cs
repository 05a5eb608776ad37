using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Hosting;
using Tchek.Events.StatusPoller.Outbox;
using Tchek.Events.StatusPoller.Polling;
using Tchek.Events.StatusPoller.Telemetry;

namespace Tchek.Events.StatusPoller.Operations;

/// <summary>
/// Once a minute, on the instance whose relay is active (so one instance does it, and its gauges
/// are the ones to read): the backlog and token gauges, and the event log's retention.
/// </summary>
internal sealed partial class Housekeeping(
    OutboxRelay relay,
    EventLog log,
    TrackedTokens tokens,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    PollerMetrics metrics,
    ILogger<Housekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
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

            await time.DelayQuietlyAsync(Interval, stoppingToken);
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        await log.PruneAsync(time.GetUtcNow() - options.Value.Retention, ct);
        var (count, oldest) = await log.BacklogAsync(ct);
        metrics.Backlog(count, oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero);
        metrics.TokensByStatus(await tokens.CountActiveByStatusAsync(ct));
    }

    [LoggerMessage(LogLevel.Warning, "Housekeeping failed; it runs again in a minute")]
    private partial void LogFailed(Exception ex);
}
