namespace Tchek.Events.Contracts;

/// <summary>
/// What the deciding instance saw over its sliding window, with the thresholds it compared them to,
/// so a subscriber can show why without knowing the poller's configuration.
/// </summary>
public sealed record UpstreamFigures
{
    /// <summary>The sliding window's length: the figures count the polls of this last stretch of time.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>Polls in the window (vendor requests that got an answer or failed; not those still in flight).</summary>
    public int Polls { get; init; }

    /// <summary>Polls in the window whose request failed: an error status (5xx, 429, ...), a timeout, a transport error, or an answer that is not a valid token.</summary>
    public int FailedPolls { get; init; }

    /// <summary><see cref="FailedPolls"/> divided by <see cref="Polls"/>, 0 when there were none.</summary>
    public double FailedRatio { get; init; }

    /// <summary>The ratio above which the vendor counts as degraded (with at least <see cref="MinimumPolls"/> polls).</summary>
    public double FailedRatioThreshold { get; init; }

    /// <summary>The fewest polls in the window for the ratio to open an episode, so a handful of failures is not one.</summary>
    public int MinimumPolls { get; init; }

    /// <summary>The length of the vendor's <c>Retry-After</c> hold in force, as the vendor gave it; null when none is.</summary>
    public TimeSpan? RetryAfterHold { get; init; }

    /// <summary>When that hold ends; null when none is in force.</summary>
    public DateTimeOffset? RetryAfterHoldUntil { get; init; }

    /// <summary>A hold longer than this counts as degraded.</summary>
    public TimeSpan RetryAfterHoldThreshold { get; init; }
}
