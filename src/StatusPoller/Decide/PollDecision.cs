namespace Tchek.Events.StatusPoller.Decide;

/// <summary>What one poll (or an untrack) does to a token.</summary>
internal enum PollOutcome
{
    /// <summary>A valid answer with no new fact: no event.</summary>
    Unchanged,

    /// <summary>A valid answer with events.</summary>
    Changed,

    /// <summary>An answer that is not a valid token: no event, back off.</summary>
    Invalid,

    /// <summary>The vendor does not know the token: back off, and stop after enough of them.</summary>
    NotFound,

    /// <summary>No usable answer (error status, timeout, ...): back off.</summary>
    Failed,

    /// <summary>The caller stopped tracking the token: no poll, only the stop.</summary>
    Untracked,
}

/// <summary>
/// One poll's whole outcome: the new state (null when no state changes), the schedule, and the events to write with
/// them. Pure: parsing, detection and scheduling composed, no I/O.
/// </summary>
/// <param name="Outcome">What kind of poll it was.</param>
/// <param name="State">The new state; null when the poll changed no state (a failure, or no snapshot yet).</param>
/// <param name="Plan">The schedule: the next poll, or why tracking stops.</param>
/// <param name="Events">The events to append, in sequence order.</param>
internal sealed record PollDecision(PollOutcome Outcome, TokenState? State, PollPlan Plan, IReadOnlyList<TokenEvent> Events)
{
    /// <summary>
    /// Whether the stored snapshot must be rewritten. Most polls change no fact: then the snapshot
    /// is left alone, which is most of what a write costs the database.
    /// </summary>
    public bool SnapshotChanged { get; init; }

    /// <summary>Why the answer was refused, when it was.</summary>
    public PayloadRejection? Rejection { get; init; }

    /// <summary>The status moved below the progress already reached: odd, worth a warning.</summary>
    public StatusRegression? Regression { get; init; }

    /// <summary>Decides a poll of token <paramref name="uid"/> from its stored state and the vendor's answer.</summary>
    /// <param name="uid">The token polled.</param>
    /// <param name="stored">Its state; null before the first valid snapshot.</param>
    /// <param name="failureCount">Consecutive failed polls before this one.</param>
    /// <param name="completedAt">When completion was first seen, if it was.</param>
    /// <param name="fetch">The vendor's answer.</param>
    /// <param name="now">The poll's time.</param>
    /// <param name="jitter">A draw in [-1, 1].</param>
    /// <param name="policy">The intervals.</param>
    /// <param name="previousInterval">The interval the last successful poll planned (the row's <c>poll_interval</c>); null when none is known.</param>
    public static PollDecision Of(
        string uid, TokenState? stored, int failureCount, DateTimeOffset? completedAt, FetchResult fetch, DateTimeOffset now, double jitter, ISchedulePolicy policy,
        TimeSpan? previousInterval = null)
    {
        if (stored is not null && !string.Equals(stored.Uid, uid, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Poll of token {uid} decided against the state of token {stored.Uid}.", nameof(uid));
        }

        switch (fetch.Outcome)
        {
            case FetchOutcome.Answered:
                var parsed = TokenPayloadParser.Parse(fetch.Body, uid);
                if (!parsed.IsValid)
                {
                    var backoff = PollSchedule.AfterFailure(failureCount, completedAt, $"invalid answer: {parsed.Rejection}", null, now, jitter, policy);
                    return new PollDecision(PollOutcome.Invalid, null, backoff, []) { Rejection = parsed.Rejection };
                }

                var changes = ChangeDetector.Detect(stored, parsed.Snapshot, now);
                // The shared rule's "changed": any event, or a new status (today every new status
                // has its TokenStatusChanged; the status is compared so the rule does not rest on that).
                var changed = changes.Events.Count > 0 || stored?.Snapshot.Status != changes.State.Snapshot.Status;
                var plan = PollSchedule.AfterSuccess(changes.State, completedAt, now, jitter, policy, changed, previousInterval);
                if (plan.StopReason is { } reason)
                {
                    changes = ChangeDetector.StopTracking(changes, reason, now);
                }

                return new PollDecision(changes.Events.Count > 0 ? PollOutcome.Changed : PollOutcome.Unchanged, changes.State, plan, changes.Events)
                {
                    SnapshotChanged = changes.FactsChanged,
                    Regression = changes.Regression,
                };

            case FetchOutcome.NotFound:
                var notFound = PollSchedule.AfterNotFound(failureCount, completedAt, now, jitter, policy);
                return notFound.Stops ? Stop(PollOutcome.NotFound, stored, notFound, now) : new PollDecision(PollOutcome.NotFound, null, notFound, []);

            default:
                var failed = PollSchedule.AfterFailure(failureCount, completedAt, fetch.Error ?? "failed", fetch.RetryAfter, now, jitter, policy);
                return new PollDecision(PollOutcome.Failed, null, failed, []);
        }
    }

    /// <summary>
    /// The poll's outcome could not be written (the database refused it): nothing of it is kept, the
    /// failure is recorded and the token backs off like after any failed poll.
    /// </summary>
    public static PollDecision WriteFailed(int failureCount, DateTimeOffset? completedAt, string error, DateTimeOffset now, double jitter, ISchedulePolicy policy) =>
        new(PollOutcome.Failed, null, PollSchedule.AfterFailure(failureCount, completedAt, $"write failed: {error}", retryAfter: null, now, jitter, policy), []);

    /// <summary>The caller stops tracking: the token's last event is <see cref="TokenTrackingStopped"/> (Untracked); the rest of its schedule is kept as it was.</summary>
    public static PollDecision Untrack(TokenState? stored, int failureCount, DateTimeOffset? completedAt, string? lastError, DateTimeOffset now) =>
        Stop(PollOutcome.Untracked, stored, new PollPlan(NextPollAt: null, TrackingStopReasons.Untracked, failureCount, completedAt, lastError), now);

    // A token never seen has no event stream to close: it just stops being polled.
    private static PollDecision Stop(PollOutcome outcome, TokenState? stored, PollPlan plan, DateTimeOffset now)
    {
        if (stored is null)
        {
            return new PollDecision(outcome, null, plan, []);
        }

        var stopped = ChangeDetector.StopTracking(stored, plan.StopReason!, now);
        return new PollDecision(outcome, stopped.State, plan, stopped.Events);
    }
}
