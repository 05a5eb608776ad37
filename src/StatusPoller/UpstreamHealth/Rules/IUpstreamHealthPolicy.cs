namespace Tchek.Events.StatusPoller.UpstreamHealth.Rules;

/// <summary>
/// The thresholds <see cref="UpstreamHealthRule"/> decides with; the upstream health options
/// implement it, tests pass their own.
/// </summary>
internal interface IUpstreamHealthPolicy
{
    /// <summary>The sliding window the poll figures count.</summary>
    TimeSpan Window { get; }

    /// <summary>A failed-poll ratio above this (0..1) is degraded, given <see cref="MinimumPolls"/>.</summary>
    double FailedRatioThreshold { get; }

    /// <summary>The fewest polls in the window for the ratio to open an episode.</summary>
    int MinimumPolls { get; }

    /// <summary>A Retry-After hold in force longer than this is degraded.</summary>
    TimeSpan RetryAfterHoldThreshold { get; }

    /// <summary>How long neither condition must hold before the episode closes.</summary>
    TimeSpan CalmPeriod { get; }
}
