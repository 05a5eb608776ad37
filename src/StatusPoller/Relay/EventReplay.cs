using System.Collections.Concurrent;

namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// Publishes published events again with their original ids and a <c>Replayed</c> header, per token in <c>Sequence</c>
/// order. One replay at a time per instance: it competes with the relay for the broker.
/// </summary>
internal sealed partial class EventReplay(EventLog log, EventPublisher publisher, IOptions<OutboxOptions> options, TimeProvider time, ILogger<EventReplay> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>
    /// Replays at most <paramref name="limit"/> events matching <paramref name="filter"/> for
    /// <paramref name="caller"/>; returns how many were confirmed, or null when another replay is running.
    /// </summary>
    public async Task<int?> TryReplayAsync(ReplayFilter filter, int limit, string caller, CancellationToken ct)
    {
        if (!await _one.WaitAsync(TimeSpan.Zero, ct))
        {
            LogBusy(caller);
            return null;
        }

        try
        {
            var events = await log.ReadPublishedAsync(filter, limit, ct);
            LogReplaying(caller, events.Count, filter);
            // Each confirm is recorded with its time; the marks are written once at the end (one statement),
            // and written even when the request was cancelled: those events did go out again.
            var confirmed = new ConcurrentQueue<(long Id, DateTimeOffset At)>();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.PublishConcurrency, CancellationToken = ct };
            try
            {
                await Parallel.ForEachAsync(events.GroupBy(e => e.Uid, StringComparer.Ordinal), parallel, async (chain, token) =>
                    await publisher.PublishChainAsync([.. chain], replayed: true, confirmed: e => confirmed.Enqueue((e.Id, time.GetUtcNow())), token));
            }
            finally
            {
                await log.MarkReplayedAsync([.. confirmed], CancellationToken.None);
            }

            LogReplayed(caller, confirmed.Count, events.Count);
            return confirmed.Count;
        }
        finally
        {
            _one.Release();
        }
    }

    [LoggerMessage(LogLevel.Information, "Replay for {Caller}: {Read} events to publish again ({Filter})")]
    private partial void LogReplaying(string caller, int read, ReplayFilter filter);

    [LoggerMessage(LogLevel.Information, "Replay for {Caller} done: {Replayed} of {Read} events published again")]
    private partial void LogReplayed(string caller, int replayed, int read);

    [LoggerMessage(LogLevel.Information, "Replay for {Caller} refused: another replay is running on this instance")]
    private partial void LogBusy(string caller);
}
