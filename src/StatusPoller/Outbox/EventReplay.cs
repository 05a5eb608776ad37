using Microsoft.Extensions.Options;

namespace Tchek.Events.StatusPoller.Outbox;

/// <summary>
/// Publishes already published events again, with their original ids and a <c>Replayed</c>
/// header: per token in <c>Sequence</c> order, across tokens concurrently.
/// </summary>
internal sealed class EventReplay(EventLog log, EventPublisher publisher, IOptions<OutboxOptions> options)
{
    /// <summary>Replays at most <paramref name="limit"/> events matching <paramref name="filter"/>; returns how many were confirmed.</summary>
    public async Task<int> ReplayAsync(ReplayFilter filter, int limit, CancellationToken ct)
    {
        var events = await log.ReadPublishedAsync(filter, limit, ct);
        var replayed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.PublishConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(events.GroupBy(e => e.Uid, StringComparer.Ordinal), parallel, async (chain, token) =>
            Interlocked.Add(ref replayed, await publisher.PublishChainAsync([.. chain], replayed: true, confirmed: null, token)));
        return replayed;
    }
}
