using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.StatusPoller.Polling;

/// <summary>
/// A decision to write for a claimed token, only if the claim it was made under still holds: its
/// <see cref="TrackedToken.LeaseVersion"/> fences the write.
/// </summary>
/// <param name="Claim">The row as claimed.</param>
/// <param name="Decision">What the poll (or untrack) decided.</param>
/// <param name="At">When the decision was made.</param>
internal sealed record TokenWrite(TrackedToken Claim, PollDecision Decision, DateTimeOffset At)
{
    /// <summary>Decides a poll of <paramref name="claim"/> from the vendor's answer.</summary>
    /// <exception cref="InvalidDataException">The stored snapshot cannot be read back.</exception>
    public static TokenWrite Poll(TrackedToken claim, FetchResult fetch, DateTimeOffset now, double jitter, ISchedulePolicy policy)
    {
        var stored = TokenState.FromStored(claim.Uid, claim.Snapshot, claim.Progress, claim.LastSequence);
        return new TokenWrite(claim, PollDecision.Of(claim.Uid, stored, claim.FailureCount, claim.CompletedAt, fetch, now, jitter, policy), now);
    }

    /// <summary>What to write instead when <paramref name="claim"/>'s poll could not be written: the failure, and a back-off.</summary>
    public static TokenWrite WriteFailed(TrackedToken claim, string error, DateTimeOffset now, double jitter, ISchedulePolicy policy) =>
        new(claim, PollDecision.WriteFailed(claim.FailureCount, claim.CompletedAt, error, now, jitter, policy), now);

    /// <summary>Stops tracking <paramref name="claim"/> at the caller's request.</summary>
    public static TokenWrite Untrack(TrackedToken claim, DateTimeOffset now)
    {
        var stored = TokenState.FromStored(claim.Uid, claim.Snapshot, claim.Progress, claim.LastSequence);
        return new TokenWrite(claim, PollDecision.Untrack(stored, claim.FailureCount, claim.CompletedAt, claim.LastError, now), now);
    }
}
