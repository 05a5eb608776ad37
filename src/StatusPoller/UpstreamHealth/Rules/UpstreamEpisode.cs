namespace Tchek.Events.StatusPoller.UpstreamHealth.Rules;

/// <summary>
/// An open degradation episode, as persisted: a leader that takes over carries on with it rather
/// than opening another.
/// </summary>
/// <param name="Id">The episode id; both its events derive their ids from it.</param>
/// <param name="Cause">What opened it (an <c>UpstreamDegradationCauses</c> value).</param>
/// <param name="DegradedAt">When it opened.</param>
/// <param name="LastUnsettledAt">The last check at which the vendor was not calm; the calm period runs from here.</param>
internal sealed record UpstreamEpisode(Guid Id, string Cause, DateTimeOffset DegradedAt, DateTimeOffset LastUnsettledAt);

/// <summary>What one check did to the episode.</summary>
internal enum HealthTransition
{
    /// <summary>Nothing to write: healthy and staying so, or calm but not for long enough yet.</summary>
    None,

    /// <summary>A new episode: publish <c>UpstreamDegraded</c>.</summary>
    Opened,

    /// <summary>Still degraded: the episode's <see cref="UpstreamEpisode.LastUnsettledAt"/> moves to now.</summary>
    Unsettled,

    /// <summary>Calm for the whole calm period: the episode closes, publish <c>UpstreamRestored</c>.</summary>
    Closed,
}

/// <summary>One check's decision: the transition, and the episode after it (the closed one for <see cref="HealthTransition.Closed"/>; null while healthy).</summary>
internal sealed record HealthDecision(HealthTransition Transition, UpstreamEpisode? Episode);
