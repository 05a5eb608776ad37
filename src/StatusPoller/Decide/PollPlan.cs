namespace Tchek.Events.StatusPoller.Decide;

/// <summary>What happens to a token after a poll: when it is next due, or why tracking stops.</summary>
/// <param name="NextPollAt">When the token is next due; null when tracking stops.</param>
/// <param name="StopReason">A <c>TrackingStopReasons</c> value when tracking stops, else null.</param>
/// <param name="FailureCount">Consecutive failed polls (0 after a success).</param>
/// <param name="CompletedAt">When completion was first seen; the completed tail runs from it.</param>
/// <param name="LastError">The last failure's reason, kept until the next success.</param>
internal sealed record PollPlan(DateTimeOffset? NextPollAt, string? StopReason, int FailureCount, DateTimeOffset? CompletedAt, string? LastError)
{
    public bool Stops => StopReason is not null;

    /// <summary>
    /// The interval a successful poll planned, before jitter and the expiry catch: the schedule
    /// policy's state, stored with the token. Null after a failure or a stop: the stored one is kept.
    /// </summary>
    public TimeSpan? Interval { get; init; }
}
