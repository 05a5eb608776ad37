namespace Tchek.Events.StatusPoller.UpstreamHealth;

/// <summary>
/// Checks the vendor's health on the active relay's instance. Each transition is stored with its event
/// (<see cref="UpstreamEpisodes"/>) for the relay to publish, so a failover neither loses nor repeats one.
/// </summary>
internal sealed partial class UpstreamHealthMonitor(
    UpstreamEpisodes episodes,
    UpstreamWindow window,
    UpstreamHealthState health,
    OutboxRelay relay,
    HealthOutbox outbox,
    PollerInstance instance,
    IOptions<UpstreamHealthOptions> options,
    TimeProvider time,
    PollerMetrics metrics,
    ILogger<UpstreamHealthMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogCheckFailed(ex);
            }

            await time.DelayQuietlyAsync(options.Value.CheckInterval, stoppingToken);
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var policy = options.Value;
        var open = await episodes.OpenAsync(ct);
        var seen = window.Observe();
        // To PostgreSQL's microsecond: the times in the events then equal the ones stored, so a
        // Restored decided by another leader from the stored episode says the same DegradedAt.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var decides = relay.IsActive;
        if (decides)
        {
            open = await DecideAsync(open, seen, now, policy, ct);
        }

        health.Set(new UpstreamHealthStatus(open is not null, open?.Id, open?.Cause, open?.DegradedAt, UpstreamHealthRule.Figures(seen, now, policy), decides, now));
        metrics.UpstreamDegraded(open is not null);
    }

    private async Task<UpstreamEpisode?> DecideAsync(UpstreamEpisode? open, UpstreamObservation seen, DateTimeOffset now, UpstreamHealthOptions policy, CancellationToken ct)
    {
        var decision = UpstreamHealthRule.Check(open, seen, now, Guid.NewGuid(), policy);
        var episode = decision.Episode!;
        switch (decision.Transition)
        {
            case HealthTransition.Opened:
                var degraded = UpstreamHealthRule.Degraded(episode, UpstreamHealthRule.Figures(seen, now, policy), instance.Id);
                if (!await episodes.TryOpenAsync(episode, degraded, ct))
                {
                    // Another instance opened one a moment ago: it is the episode.
                    return await episodes.OpenAsync(ct);
                }

                outbox.Stored();
                LogDegraded(episode.Id, episode.Cause, seen.Polls, seen.FailedPolls, degraded.Figures.RetryAfterHold);
                return episode;

            case HealthTransition.Unsettled:
                await episodes.UnsettledAsync(episode.Id, episode.LastUnsettledAt, ct);
                return episode;

            case HealthTransition.Closed:
                var restored = UpstreamHealthRule.Restored(episode, now, UpstreamHealthRule.Figures(seen, now, policy), instance.Id);
                if (await episodes.TryCloseAsync(restored, ct))
                {
                    outbox.Stored();
                    LogRestored(episode.Id, restored.Duration);
                }

                return null;

            default:
                return open;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Upstream degraded ({Cause}): {FailedPolls} of {Polls} polls failed in the window, Retry-After hold {Hold}; episode {EpisodeId}")]
    private partial void LogDegraded(Guid episodeId, string cause, int polls, int failedPolls, TimeSpan? hold);

    [LoggerMessage(LogLevel.Information, "Upstream restored after {Duration}; episode {EpisodeId}")]
    private partial void LogRestored(Guid episodeId, TimeSpan duration);

    [LoggerMessage(LogLevel.Error, "The upstream health check failed; it runs again at the next interval")]
    private partial void LogCheckFailed(Exception ex);
}
