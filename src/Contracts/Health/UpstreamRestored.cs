namespace Tchek.Events.Contracts;

/// <summary>
/// The vendor answers normally again: neither condition of <see cref="UpstreamDegraded"/> held for
/// the whole calm period. Closes the episode its <see cref="EpisodeId"/> names; published once per episode,
/// always after that episode's <see cref="UpstreamDegraded"/>.
/// </summary>
public sealed record UpstreamRestored : IUpstreamHealthEvent
{
    /// <inheritdoc />
    public Guid EventId { get; init; }

    /// <inheritdoc />
    public Guid EpisodeId { get; init; }

    /// <summary>The cause that opened the episode: one of <see cref="UpstreamDegradationCauses"/>.</summary>
    public string Cause { get; init; } = string.Empty;

    /// <summary>When the episode began: its <see cref="UpstreamDegraded.DetectedAt"/>.</summary>
    public DateTimeOffset DegradedAt { get; init; }

    /// <summary>When the poller decided the vendor was healthy again.</summary>
    public DateTimeOffset RestoredAt { get; init; }

    /// <summary>How long the episode lasted: <see cref="RestoredAt"/> minus <see cref="DegradedAt"/>.</summary>
    public TimeSpan Duration { get; init; }

    /// <inheritdoc />
    public UpstreamFigures Figures { get; init; } = new();

    /// <inheritdoc />
    public string InstanceId { get; init; } = string.Empty;
}
