namespace Tchek.Events.StatusPoller.UpstreamHealth;

/// <summary>
/// Section <c>UpstreamHealth</c>: when the vendor counts as degraded and when as restored; see
/// docs/policies/upstream-health.md.
/// </summary>
internal sealed class UpstreamHealthOptions : IUpstreamHealthPolicy
{
    public const string Section = "UpstreamHealth";

    /// <summary>The sliding window of polls the failed ratio is taken over: ten active intervals, so a few slow answers are diluted and a real outage shows within minutes.</summary>
    [Positive]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Degraded when more than this share of the window's polls failed: half is an outage, not a few tokens' own trouble.</summary>
    [Range(0.0, 0.99)]
    public double FailedRatioThreshold { get; set; } = 0.5;

    /// <summary>The fewest polls in the window for the ratio to open an episode, so two timeouts on a small install are not an outage.</summary>
    [Range(1, 1_000_000)]
    public int MinimumPolls { get; set; } = 20;

    /// <summary>Degraded while a <c>Retry-After</c> hold longer than this is in force: twice the active interval, past which active tokens go stale.</summary>
    [Positive]
    public TimeSpan RetryAfterHoldThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Restored only after neither condition held for this long: a recovering vendor often stumbles again, and one Restored per real recovery beats a flapping pair.</summary>
    [Positive]
    public TimeSpan CalmPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the deciding instance checks (and every instance refreshes its gauge and the state it shows); at most <see cref="CalmPeriod"/>.</summary>
    [Positive]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
