using System.Diagnostics;

namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>
/// A decision to write only if its claim still holds: <see cref="TrackedToken.LeaseVersion"/> fences it.
/// </summary>
/// <param name="Claim">The row as claimed.</param>
/// <param name="Decision">What the poll (or untrack) decided.</param>
/// <param name="At">When the decision was made.</param>
internal sealed record TokenWrite(TrackedToken Claim, PollDecision Decision, DateTimeOffset At)
{
    /// <summary>
    /// The span the decision was made in: the write's span is its child, and its events are stored with it so their
    /// publish joins its trace. Default when tracing is off.
    /// </summary>
    public ActivityContext Trace { get; init; }

    /// <summary>Decides a poll of <paramref name="claim"/> from the vendor's answer, made in span <paramref name="trace"/>.</summary>
    /// <exception cref="InvalidDataException">The stored snapshot cannot be read back.</exception>
    public static TokenWrite Poll(TrackedToken claim, FetchResult fetch, DateTimeOffset now, double jitter, ISchedulePolicy policy, ActivityContext trace = default)
    {
        var stored = TokenState.FromStored(claim.Uid, claim.Snapshot, claim.Progress, claim.LastSequence);
        var decision = PollDecision.Of(claim.Uid, stored, claim.FailureCount, claim.CompletedAt, fetch, now, jitter, policy, claim.PollInterval);
        return new TokenWrite(claim, decision, now) { Trace = trace };
    }

    /// <summary>What to write instead when <paramref name="failed"/> could not be written: the failure, and a back-off, in the same trace.</summary>
    public static TokenWrite WriteFailed(TokenWrite failed, string error, DateTimeOffset now, double jitter, ISchedulePolicy policy) =>
        new(failed.Claim, PollDecision.WriteFailed(failed.Claim.FailureCount, failed.Claim.CompletedAt, error, now, jitter, policy), now) { Trace = failed.Trace };

    /// <summary>
    /// Stops tracking <paramref name="claim"/> at the caller's request. Its stop event continues the
    /// caller's trace (the API request or the bus command being handled), whatever span is current.
    /// </summary>
    public static TokenWrite Untrack(TrackedToken claim, DateTimeOffset now)
    {
        var stored = TokenState.FromStored(claim.Uid, claim.Snapshot, claim.Progress, claim.LastSequence);
        return new TokenWrite(claim, PollDecision.Untrack(stored, claim.FailureCount, claim.CompletedAt, claim.LastError, now), now)
        {
            Trace = TraceContext.Current(),
        };
    }
}
