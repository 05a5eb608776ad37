namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// The relay's lane for upstream health events (<see cref="IHealthEventStore"/>): it reads their table on
/// <see cref="Stored"/>, at each leadership term, and every few sweeps, so a lost signal only delays.
/// </summary>
internal sealed partial class HealthOutbox(
    IHealthEventStore store,
    EventPublisher publisher,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<HealthOutbox> logger)
{
    // The table is tiny and its events rare: a read every tenth sweep bounds a lost signal's delay.
    private const int SweepEvery = 10;

    private int _due = 1;
    private long _nextSweepTicks;

    /// <summary>Health events were just committed: wake the relay to publish them.</summary>
    public void Stored()
    {
        Volatile.Write(ref _due, 1);
        signal.Set();
    }

    /// <summary>A new leadership term: the table is read at the term's first pass.</summary>
    internal void Lead() => Volatile.Write(ref _due, 1);

    /// <summary>Whether this relay pass should publish health events; no statement, only a flag and the clock.</summary>
    internal bool TakeDue()
    {
        var now = time.GetUtcNow().UtcTicks;
        if (Interlocked.Exchange(ref _due, 0) == 0 && now < _nextSweepTicks)
        {
            return false;
        }

        _nextSweepTicks = now + (options.Value.SweepInterval.Ticks * SweepEvery);
        return true;
    }

    /// <summary>
    /// Publishes the pending health events oldest first, each marked after its confirm. Stops at the first failure, so
    /// a Restored never overtakes its Degraded, and retries at its own pace so it never slows token events.
    /// </summary>
    internal async Task PublishPendingAsync(CancellationToken ct)
    {
        PendingHealthEvent? current = null;
        try
        {
            foreach (var pending in await store.UnpublishedAsync(ct))
            {
                current = pending;
                await publisher.PublishAsync(pending.Event, ct);
                await store.MarkPublishedAsync(pending, time.GetUtcNow(), ct);
            }
        }
        catch (Exception ex)
        {
            if (!ct.IsCancellationRequested)
            {
                LogPublishFailed(ex, current?.Event.GetType().Name, current?.EpisodeId);
            }

            // Only TakeDue reads this, and not before this chain has finished.
            _nextSweepTicks = time.GetUtcNow().UtcTicks + options.Value.SweepInterval.Ticks;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Publishing the upstream health events failed (at {Type} of episode {EpisodeId}); the relay tries again after Outbox:SweepInterval")]
    private partial void LogPublishFailed(Exception ex, string? type, Guid? episodeId);
}
