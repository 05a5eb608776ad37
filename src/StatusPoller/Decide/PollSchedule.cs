namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// When to poll a token next, and when to stop; never before the vendor's <c>Retry-After</c>. Pure: the time and the
/// jitter draw are inputs.
/// </summary>
internal static class PollSchedule
{
    // How long after the vendor's expiry time a poll is planned to see the token expired.
    private static readonly TimeSpan ExpiryCatch = TimeSpan.FromSeconds(1);

    /// <param name="state">The token's state after the poll.</param>
    /// <param name="completedAt">When completion was first seen before this poll, if it was.</param>
    /// <param name="now">The poll's time.</param>
    /// <param name="jitter">A draw in [-1, 1] that spreads the interval by up to <see cref="ISchedulePolicy.JitterRatio"/>.</param>
    /// <param name="policy">The intervals.</param>
    /// <param name="changed">Whether the poll saw a change (an event, or a new status): Adaptive starts again from the floor.</param>
    /// <param name="previousInterval">The interval the last successful poll planned; null when none is known (Adaptive: the floor).</param>
    public static PollPlan AfterSuccess(
        TokenState state, DateTimeOffset? completedAt, DateTimeOffset now, double jitter, ISchedulePolicy policy, bool changed = true, TimeSpan? previousInterval = null)
    {
        var snapshot = state.Snapshot;
        var completed = state.Progress == TokenStatusCodes.Completed;
        completedAt ??= completed ? now : null;

        if (snapshot.Expired && !AwaitingValidation(state, now, policy))
        {
            return Stop(TrackingStopReasons.Expired, completedAt);
        }

        if (completedAt is { } since && now >= since + policy.CompletedTail)
        {
            return Stop(TrackingStopReasons.CompletedTailElapsed, completedAt);
        }

        var interval = PlannedInterval(state, changed, previousInterval, policy);
        var next = now + Spread(interval, jitter, policy.JitterRatio);

        // Catch the expiry close to when it happens rather than up to an interval later; never later than
        // planned (an expiry in the plan's last second is caught by the plan itself).
        if (!snapshot.Expired && snapshot.ExpiresAt is { } expiresAt && expiresAt > now && expiresAt + ExpiryCatch < next)
        {
            next = expiresAt + ExpiryCatch;
        }

        return new PollPlan(next, StopReason: null, FailureCount: 0, completedAt, LastError: null) { Interval = interval };
    }

    /// <summary>The interval after a successful poll, before jitter, by the configured policy.</summary>
    public static TimeSpan PlannedInterval(TokenState state, bool changed, TimeSpan? previousInterval, ISchedulePolicy policy) =>
        policy.Policy == SchedulePolicyKind.Adaptive
            ? AdaptiveInterval.Next(policy.AdaptiveBounds(AdaptiveStages.Of(state.Progress)), policy.AdaptiveGrowth, changed, previousInterval)
            : IntervalOf(state.Progress, state.Snapshot.Status, policy);

    /// <summary>
    /// The Fixed policy's interval of a token that reached <paramref name="progress"/> and shows
    /// <paramref name="status"/>: completed, unopened or active.
    /// </summary>
    public static TimeSpan IntervalOf(int progress, int status, ISchedulePolicy policy) =>
        progress == TokenStatusCodes.Completed ? policy.CompletedInterval
        : progress == TokenStatusCodes.Created && status == TokenStatusCodes.Created ? policy.UnopenedInterval
        : policy.ActiveInterval;

    /// <summary>After a failed poll (error status, timeout, invalid answer): back off, and never before <paramref name="retryAfter"/>.</summary>
    public static PollPlan AfterFailure(int failureCount, DateTimeOffset? completedAt, string error, TimeSpan? retryAfter, DateTimeOffset now, double jitter, ISchedulePolicy policy)
    {
        var failures = failureCount + 1;
        var backoff = Spread(Backoff(failures, policy), jitter, policy.JitterRatio);
        if (retryAfter is { } wait && wait > backoff)
        {
            backoff = wait;
        }

        return new PollPlan(now + backoff, StopReason: null, failures, completedAt, error);
    }

    /// <summary>After the vendor said it does not know the token: back off, and stop after enough of them in a row.</summary>
    public static PollPlan AfterNotFound(int failureCount, DateTimeOffset? completedAt, DateTimeOffset now, double jitter, ISchedulePolicy policy) =>
        failureCount + 1 >= policy.NotFoundThreshold
            ? Stop(TrackingStopReasons.NotFound, completedAt) with { FailureCount = failureCount + 1, LastError = "not found" }
            : AfterFailure(failureCount, completedAt, "not found", retryAfter: null, now, jitter, policy);

    // Pictures are in but the vendor has not finished validating: the report is still to come.
    // Without a known expiry time the grace cannot be bounded, so tracking stops as for any expiry.
    private static bool AwaitingValidation(TokenState state, DateTimeOffset now, ISchedulePolicy policy) =>
        state.Progress is TokenStatusCodes.PicturesTaken or TokenStatusCodes.DamageValidation
        && state.Snapshot.ExpiresAt is { } expiresAt && now < expiresAt + policy.ExpiredValidationGrace;

    private static TimeSpan Backoff(int failures, ISchedulePolicy policy)
    {
        var doublings = Math.Min(failures - 1, 30);
        var backoff = policy.FailureBackoff * Math.Pow(2, doublings);
        return backoff > policy.MaxFailureBackoff ? policy.MaxFailureBackoff : backoff;
    }

    private static TimeSpan Spread(TimeSpan interval, double jitter, double ratio) =>
        interval * (1 + (Math.Clamp(jitter, -1, 1) * ratio));

    private static PollPlan Stop(string reason, DateTimeOffset? completedAt) =>
        new(NextPollAt: null, reason, FailureCount: 0, completedAt, LastError: null);
}
