using static Tchek.Events.Contracts.TokenStatusCodes;

namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// Turns (stored state, fresh snapshot) into the new state and the events between them: the rules
/// of docs/events.md. Pure: no clock, no I/O; the same inputs always give the same output.
/// </summary>
internal static class ChangeDetector
{
    /// <summary>
    /// Diffs <paramref name="snapshot"/> against <paramref name="stored"/> (null when the token has
    /// no snapshot yet) as seen at <paramref name="observedAt"/>.
    /// </summary>
    public static DetectedChanges Detect(TokenState? stored, TokenSnapshot snapshot, DateTimeOffset observedAt)
    {
        if (stored is not null && !string.Equals(stored.Uid, snapshot.Uid, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Snapshot of token {snapshot.Uid} diffed against the state of token {stored.Uid}.", nameof(snapshot));
        }

        var previous = stored?.Snapshot;
        var reached = stored?.Progress ?? Created;
        var progress = IsProgress(snapshot.Status) ? Math.Max(reached, snapshot.Status) : reached;
        var events = new EventStamper(snapshot, stored?.LastSequence ?? 0, observedAt);

        if (previous is null)
        {
            events.AddObservedFact(Tracked(snapshot));
        }
        else if (previous.Status != snapshot.Status)
        {
            events.AddStatusFact(new TokenStatusChanged { PreviousStatus = previous.Status });
        }

        // Cadence independence: every milestone between the progress reached and the new one,
        // those the poll did not see marked as inferred.
        for (var milestone = reached + 1; milestone <= progress; milestone++)
        {
            events.AddStatusFact(Milestone(milestone, snapshot), inferred: milestone != snapshot.Status);
        }

        if (snapshot.Status == ChasedUp
            && (previous is null || previous.Status != ChasedUp || IsLater(snapshot.StatusUpdatedAt, previous.StatusUpdatedAt)))
        {
            events.AddStatusFact(new ChaseUpSent());
        }

        if (snapshot.PercentDamage is { } damage && damage != previous?.PercentDamage)
        {
            events.AddObservedFact(new DamageAssessed { PercentDamage = damage, PreviousPercentDamage = previous?.PercentDamage });
        }

        if (snapshot.Expired && previous is not { Expired: true })
        {
            events.AddObservedFact(new TokenExpired { ExpiresAt = snapshot.ExpiresAt });
        }

        var regression = previous is not null && previous.Status != snapshot.Status && IsProgress(snapshot.Status) && snapshot.Status < reached
            ? new StatusRegression(reached, snapshot.Status)
            : null;

        return new DetectedChanges(
            new TokenState(snapshot.Uid, events.LastSequence, progress, snapshot),
            events.Events,
            FactsChanged: previous is null || !previous.SameFactsAs(snapshot),
            regression);
    }

    /// <summary>
    /// The poller stops polling the token: one <see cref="TokenTrackingStopped"/> after whatever
    /// <paramref name="detection"/> already holds, so it is always the last event of the poll.
    /// </summary>
    public static DetectedChanges StopTracking(DetectedChanges detection, string reason, DateTimeOffset observedAt)
    {
        if (reason is not (TrackingStopReasons.CompletedTailElapsed or TrackingStopReasons.Expired
            or TrackingStopReasons.Untracked or TrackingStopReasons.NotFound))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a TrackingStopReasons value.");
        }

        var state = detection.State;
        var events = new EventStamper(state.Snapshot, state.LastSequence, observedAt);
        events.AddObservedFact(new TokenTrackingStopped { Reason = reason });
        return detection with
        {
            State = state with { LastSequence = events.LastSequence },
            Events = [.. detection.Events, .. events.Events],
        };
    }

    /// <summary>Stops tracking a token without a new observation (untracked, or not found upstream).</summary>
    public static DetectedChanges StopTracking(TokenState state, string reason, DateTimeOffset observedAt) =>
        StopTracking(new DetectedChanges(state, [], FactsChanged: false, Regression: null), reason, observedAt);

    private static TokenTracked Tracked(TokenSnapshot snapshot) => new()
    {
        StatusUpdatedAt = snapshot.StatusUpdatedAt,
        Expired = snapshot.Expired,
        ExpiresAt = snapshot.ExpiresAt,
        PercentDamage = snapshot.PercentDamage,
        SendingType = snapshot.SendingType,
        Options = snapshot.Options,
        ApiTokenId = snapshot.ApiTokenId,
        TokenCreatedAt = snapshot.CreatedAt,
    };

    private static TokenEvent Milestone(int progress, TokenSnapshot snapshot) => progress switch
    {
        Opened => new InspectionStarted(),
        Shooting => new FirstPictureTaken(),
        PicturesTaken => new PicturesCompleted(),
        DamageValidation => new DamageValidationStarted(),
        Completed => new InspectionCompleted { PercentDamage = snapshot.PercentDamage, Options = snapshot.Options },
        _ => throw new ArgumentOutOfRangeException(nameof(progress), progress, "Milestones are progress 1..5."),
    };

    // Only two known times prove a second chase-up; a time appearing where there was none may be
    // the vendor filling in a field, and an invented chase-up would reach the customer's CRM.
    private static bool IsLater(DateTimeOffset? candidate, DateTimeOffset? than) =>
        candidate is { } c && than is { } t && c > t;
}
