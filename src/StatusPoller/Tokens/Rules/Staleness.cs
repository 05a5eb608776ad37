namespace Tchek.Events.StatusPoller.Tokens.Rules;

/// <summary>What staleness is judged by: a token's tracking state, its stage, and its last successful poll.</summary>
/// <param name="Tracking">Whether the token is still polled; a stopped token is never stale.</param>
/// <param name="Status">The last valid snapshot's status; null before the first one.</param>
/// <param name="Progress">The highest progress reached.</param>
/// <param name="LastSuccessAt">When a poll last got a valid answer; null if none ever did.</param>
/// <param name="TrackedSince">When tracking began: the reference until a poll succeeds.</param>
/// <param name="PollInterval">The interval the last successful poll planned (its row's <c>poll_interval</c>); null when none is stored.</param>
internal sealed record FreshnessFacts(bool Tracking, int? Status, int Progress, DateTimeOffset? LastSuccessAt, DateTimeOffset TrackedSince, TimeSpan? PollInterval = null);

/// <summary>
/// Whether a tracked token is stale: its last successful poll is older than twice its stage's interval, so one late or
/// failed poll is not yet stale and two missed ones are. The interval is the last planned one when stored (Adaptive
/// grows past Fixed), else the Fixed stage's. Pure.
/// </summary>
internal static class Staleness
{
    public static bool IsStale(FreshnessFacts token, DateTimeOffset now, ISchedulePolicy policy)
    {
        if (!token.Tracking)
        {
            return false;
        }

        var interval = token.PollInterval
            ?? (token.Status is { } status ? PollSchedule.IntervalOf(token.Progress, status, policy) : policy.ActiveInterval);
        return now - (token.LastSuccessAt ?? token.TrackedSince) > interval * 2;
    }
}
