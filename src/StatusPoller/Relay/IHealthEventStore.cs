namespace Tchek.Events.StatusPoller.Relay;

/// <summary>An upstream health event stored with its decision and not yet confirmed by the broker.</summary>
internal sealed record PendingHealthEvent(Guid EpisodeId, IUpstreamHealthEvent Event);

/// <summary>
/// Where the relay finds upstream health events to publish and marks them: their table's owner
/// implements it, so the relay publishes them without depending on the feature that decides them.
/// </summary>
internal interface IHealthEventStore
{
    /// <summary>Events stored and not confirmed yet, oldest episode first, each episode's Degraded before its Restored.</summary>
    Task<List<PendingHealthEvent>> UnpublishedAsync(CancellationToken ct);

    /// <summary>The broker confirmed <paramref name="published"/>.</summary>
    Task MarkPublishedAsync(PendingHealthEvent published, DateTimeOffset at, CancellationToken ct);
}
