using Tchek.Events.StatusPoller.Decide;

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
/// Whether what the poller knows of a tracked token is stale: its last successful poll (a valid
/// answer; a failure, an invalid answer or a 404 teaches nothing of its state) is older than twice
/// the interval its stage is polled at, so one late or failed poll (jitter, a short back-off) is not
/// yet stale, two missed ones are. The interval is the one the last successful poll planned when it
/// is stored (under Adaptive it grows far past the Fixed intervals), else the Fixed stage's. A token
/// never polled successfully counts from when it was tracked, at the active interval (its first poll
/// is due at once). Pure.
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
