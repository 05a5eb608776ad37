namespace Tchek.Events.Contracts;

/// <summary>
/// The vendor is failing the poller: over the last <see cref="UpstreamFigures.Window"/>, too many
/// polls failed, or the vendor asked the poller to hold every request (a <c>Retry-After</c>) for
/// longer than the threshold. Token statuses may be stale until the matching <see cref="UpstreamRestored"/>.
/// Published once per episode.
/// </summary>
public sealed record UpstreamDegraded : IUpstreamHealthEvent
{
    /// <inheritdoc />
    public Guid EventId { get; init; }

    /// <inheritdoc />
    public Guid EpisodeId { get; init; }

    /// <summary>Which condition opened the episode: one of <see cref="UpstreamDegradationCauses"/>.</summary>
    public string Cause { get; init; } = string.Empty;

    /// <inheritdoc />
    public UpstreamFigures Figures { get; init; } = new();

    /// <summary>When the poller decided the vendor was degraded.</summary>
    public DateTimeOffset DetectedAt { get; init; }

    /// <inheritdoc />
    public string InstanceId { get; init; } = string.Empty;
}
