namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>A step of a token's life as it happened, in real time (the simulator's <c>steps</c>).</summary>
internal sealed record TrueStep(DateTimeOffset At, int Status, bool Expired);

/// <summary>An event the poller stored for a token: its type and when the poller saw the fact.</summary>
internal sealed record SeenEvent(string Type, DateTimeOffset ObservedAt);

/// <summary>One twin: a life played through one policy's poller, its truth and what it cost.</summary>
internal sealed record Twin(string Uid, string Family, string Policy, IReadOnlyList<TrueStep> Steps, int Requests, bool StillTracked);

/// <summary>A milestone that truly happened while the token was tracked, and how late the poller saw it (null: never).</summary>
internal sealed record Detection(string Milestone, TimeSpan? Delay);

/// <summary>
/// The truth about one life, by the simulator's steps and the poller's stop rules: when tracking
/// ends, how many facts there were to learn, and when each milestone happened. Pure.
/// </summary>
internal static class TrueLife
{
    public const string InspectionStarted = nameof(InspectionStarted);
    public const string PicturesCompleted = nameof(PicturesCompleted);
    public const string InspectionCompleted = nameof(InspectionCompleted);
    public const string ChaseUpSent = nameof(ChaseUpSent);

    public static readonly IReadOnlyList<string> Milestones = [InspectionStarted, PicturesCompleted, InspectionCompleted, ChaseUpSent];

    /// <summary>
    /// When the poller's rules stop tracking (both policies share them): the completed tail's end, or
    /// the expiry if it comes first; completion itself when the report came after the expiry; the
    /// expiry for a life that never got its pictures in; the validation grace after it otherwise.
    /// </summary>
    public static DateTimeOffset TrackingEnds(IReadOnlyList<TrueStep> steps, TimeSpan completedTail, TimeSpan expiredValidationGrace)
    {
        var expiredAt = steps.FirstOrDefault(s => s.Expired)?.At ?? DateTimeOffset.MaxValue;
        if (steps.FirstOrDefault(s => s.Status == 5)?.At is { } completedAt)
        {
            return completedAt >= expiredAt ? completedAt : Min(completedAt + completedTail, expiredAt);
        }

        var picturesIn = steps.Any(s => s.At <= expiredAt && s.Status is 3 or 4);
        return picturesIn && expiredAt != DateTimeOffset.MaxValue ? expiredAt + expiredValidationGrace : expiredAt;
    }

    /// <summary>
    /// The facts there were to learn while tracked: the first state, then every step (a new status,
    /// another chase-up, the expiry). An oracle polling at each of these moments needs one request each.
    /// </summary>
    public static int Changes(IReadOnlyList<TrueStep> steps, DateTimeOffset trackingEnds) => steps.Count(s => s.At <= trackingEnds);

    /// <summary>Each milestone that happened by <paramref name="trackingEnds"/>, with its delay to the event that reported it.</summary>
    public static IEnumerable<Detection> Detections(IReadOnlyList<TrueStep> steps, DateTimeOffset trackingEnds, IReadOnlyList<SeenEvent> events)
    {
        foreach (var (milestone, progress) in new[] { (InspectionStarted, 1), (PicturesCompleted, 3), (InspectionCompleted, 5) })
        {
            // Progress, not status: a skipped status is reached with the next one (an inferred event).
            if (steps.FirstOrDefault(s => s.Status is >= 1 and <= 5 && s.Status >= progress) is { } reached && reached.At <= trackingEnds)
            {
                var seen = events.FirstOrDefault(e => e.Type == milestone);
                yield return new Detection(milestone, seen?.ObservedAt - reached.At);
            }
        }

        // Each chase-up event reports the latest chase-up it could have seen; one it never saw is missed.
        var chaseUps = steps.Where((s, i) => i > 0 && s.Status == 6 && (steps[i - 1].Status != 6 || steps[i - 1].Expired == s.Expired) && s.At <= trackingEnds)
            .Select(s => s.At).ToList();
        var unseen = new List<DateTimeOffset>(chaseUps);
        var missed = 0;
        foreach (var seen in events.Where(e => e.Type == ChaseUpSent).OrderBy(e => e.ObservedAt))
        {
            var latest = unseen.Where(at => at <= seen.ObservedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            if (latest != DateTimeOffset.MinValue)
            {
                missed += unseen.RemoveAll(at => at <= latest) - 1;
                yield return new Detection(ChaseUpSent, seen.ObservedAt - latest);
            }
        }

        foreach (var _ in Enumerable.Range(0, missed + unseen.Count))
        {
            yield return new Detection(ChaseUpSent, null);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
