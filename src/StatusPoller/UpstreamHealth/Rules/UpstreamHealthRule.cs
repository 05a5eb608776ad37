namespace Tchek.Events.StatusPoller.UpstreamHealth.Rules;

/// <summary>
/// Whether the vendor is degraded, with hysteresis: opening needs evidence (a long Retry-After hold, or a failure ratio
/// over enough polls); closing needs calm at every check for the whole calm period, judged over however few polls.
/// Pure: the time and the new episode's id are inputs.
/// </summary>
internal static class UpstreamHealthRule
{
    /// <summary>
    /// Whether a poll's outcome counts as a vendor failure: an error status, a timeout, a transport error, or an answer
    /// that is not a valid token (a maintenance page served as 200). Not a 404: the vendor answered.
    /// </summary>
    public static bool IsFailure(PollOutcome outcome) => outcome is PollOutcome.Failed or PollOutcome.Invalid;

    /// <summary>The condition that holds at <paramref name="now"/>, if one does: the hold first, as the more telling cause.</summary>
    public static string? Cause(UpstreamObservation seen, DateTimeOffset now, IUpstreamHealthPolicy policy)
    {
        if (LongHold(seen, now, policy))
        {
            return UpstreamDegradationCauses.RetryAfterHold;
        }

        return seen.Polls >= policy.MinimumPolls && seen.FailedRatio > policy.FailedRatioThreshold
            ? UpstreamDegradationCauses.FailedPolls
            : null;
    }

    /// <summary>Whether the vendor looks calm at <paramref name="now"/> (never while <see cref="Cause"/> holds).</summary>
    public static bool IsCalm(UpstreamObservation seen, DateTimeOffset now, IUpstreamHealthPolicy policy) =>
        !LongHold(seen, now, policy)
        && (seen.Polls > 0 ? seen.FailedRatio <= policy.FailedRatioThreshold : !seen.LastPollFailed);

    /// <summary>One check: from the open episode (null when healthy) and what is seen now, the transition.</summary>
    /// <param name="open">The open episode, or null.</param>
    /// <param name="seen">The figures now.</param>
    /// <param name="now">The check's time.</param>
    /// <param name="newEpisodeId">The id an episode opened now gets.</param>
    /// <param name="policy">The thresholds.</param>
    public static HealthDecision Check(UpstreamEpisode? open, UpstreamObservation seen, DateTimeOffset now, Guid newEpisodeId, IUpstreamHealthPolicy policy)
    {
        if (open is null)
        {
            return Cause(seen, now, policy) is { } cause
                ? new HealthDecision(HealthTransition.Opened, new UpstreamEpisode(newEpisodeId, cause, now, now))
                : new HealthDecision(HealthTransition.None, null);
        }

        if (!IsCalm(seen, now, policy))
        {
            // A clock behind the episode's (another instance decided last) never moves it back.
            return new HealthDecision(HealthTransition.Unsettled, open with { LastUnsettledAt = Max(open.LastUnsettledAt, now) });
        }

        return now - open.LastUnsettledAt >= policy.CalmPeriod
            ? new HealthDecision(HealthTransition.Closed, open)
            : new HealthDecision(HealthTransition.None, open);
    }

    /// <summary>The figures for an event or a page: what was seen, and the thresholds.</summary>
    public static UpstreamFigures Figures(UpstreamObservation seen, DateTimeOffset now, IUpstreamHealthPolicy policy)
    {
        var hold = seen.Hold is { } h && h.Until > now ? h : null;
        return new UpstreamFigures
        {
            Window = policy.Window,
            Polls = seen.Polls,
            FailedPolls = seen.FailedPolls,
            FailedRatio = seen.FailedRatio,
            FailedRatioThreshold = policy.FailedRatioThreshold,
            MinimumPolls = policy.MinimumPolls,
            RetryAfterHold = hold?.Length,
            RetryAfterHoldUntil = hold?.Until,
            RetryAfterHoldThreshold = policy.RetryAfterHoldThreshold,
        };
    }

    /// <summary>The event that announces <paramref name="opened"/>.</summary>
    public static UpstreamDegraded Degraded(UpstreamEpisode opened, UpstreamFigures figures, string instanceId) => new()
    {
        EventId = UpstreamHealthEventIds.Degraded(opened.Id),
        EpisodeId = opened.Id,
        Cause = opened.Cause,
        Figures = figures,
        DetectedAt = opened.DegradedAt,
        InstanceId = instanceId,
    };

    /// <summary>The event that closes <paramref name="closed"/> at <paramref name="now"/>.</summary>
    public static UpstreamRestored Restored(UpstreamEpisode closed, DateTimeOffset now, UpstreamFigures figures, string instanceId) => new()
    {
        EventId = UpstreamHealthEventIds.Restored(closed.Id),
        EpisodeId = closed.Id,
        Cause = closed.Cause,
        DegradedAt = closed.DegradedAt,
        RestoredAt = now,
        Duration = now - closed.DegradedAt,
        Figures = figures,
        InstanceId = instanceId,
    };

    private static bool LongHold(UpstreamObservation seen, DateTimeOffset now, IUpstreamHealthPolicy policy) =>
        seen.Hold is { } hold && hold.Until > now && hold.Length > policy.RetryAfterHoldThreshold;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
