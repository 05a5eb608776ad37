namespace Tchek.Events.StatusPoller.UpstreamHealth.Rules;

/// <summary>A Retry-After hold: as long as the vendor asked, and until when it runs.</summary>
internal sealed record RetryAfterHold(TimeSpan Length, DateTimeOffset Until);

/// <summary>
/// What the deciding instance saw of the vendor at one moment: the polls of the sliding window,
/// whether the very last poll (in the window or before it) failed, and the hold in force, if any.
/// </summary>
/// <param name="Polls">Polls that finished in the window.</param>
/// <param name="FailedPolls">Those that failed (<see cref="UpstreamHealthRule.IsFailure"/>).</param>
/// <param name="LastPollFailed">Whether the last poll ever seen failed: what the rule goes by when the window is empty.</param>
/// <param name="Hold">The Retry-After hold, if one was set; the rule checks it is still in force.</param>
internal sealed record UpstreamObservation(int Polls, int FailedPolls, bool LastPollFailed, RetryAfterHold? Hold)
{
    public double FailedRatio => Polls == 0 ? 0 : (double)FailedPolls / Polls;
}
