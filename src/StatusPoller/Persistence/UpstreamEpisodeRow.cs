namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// One row of <c>upstream_episodes</c>: a degradation episode, and its two events as a small outbox
/// (each stored when decided, marked when the broker confirmed it).
/// </summary>
internal sealed record UpstreamEpisodeRow
{
    public Guid Id { get; init; }

    /// <summary>An <c>UpstreamDegradationCauses</c> value.</summary>
    public required string Cause { get; init; }
    public DateTimeOffset DegradedAt { get; init; }

    /// <summary>The last check at which the vendor was not calm: the calm period runs from here.</summary>
    public DateTimeOffset LastUnsettledAt { get; init; }

    /// <summary>Null while the episode is open; at most one row is open (a unique index).</summary>
    public DateTimeOffset? RestoredAt { get; init; }

    /// <summary>The <c>UpstreamDegraded</c> to publish, as on the bus (jsonb).</summary>
    public required string DegradedEvent { get; init; }
    public DateTimeOffset? DegradedPublishedAt { get; init; }

    /// <summary>The <c>UpstreamRestored</c> to publish once the episode closed (jsonb).</summary>
    public string? RestoredEvent { get; init; }
    public DateTimeOffset? RestoredPublishedAt { get; init; }

    /// <summary>The instance that opened the episode.</summary>
    public required string DecidedBy { get; init; }
}
