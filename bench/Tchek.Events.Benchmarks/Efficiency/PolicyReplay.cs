using System.Globalization;
using System.Text.Json;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>One point of a policy's curve: its figures with every interval × <paramref name="Scale"/>.</summary>
internal sealed record ReplayPoint(string Policy, double Scale, IReadOnlyList<FamilyFigures> Figures)
{
    public FamilyFigures Of(string family) => Figures.Single(f => f.Family == family);
}

/// <summary>
/// The policies' own decisions replayed over the same lives, in simulated time, with no machine in
/// between: each poll is the real <see cref="ChangeDetector"/> and <see cref="PollSchedule"/> on the
/// answer the simulator would give at that moment. It draws each policy's trade-off curve (every
/// interval scaled by a factor, cheaper to the right) where the real run gives one point per
/// policy, and says what the policy itself costs apart from the machine's lateness. Pure.
/// </summary>
internal static class PolicyReplay
{
    /// <summary>Each policy at each scale of <see cref="Scales"/>: its figures per family and over all of them.</summary>
    public static List<ReplayPoint> Curves(IReadOnlyList<PlannedLife> lives, int seed) =>
    [
        .. from policy in new[] { PolicyTable.Fixed, PolicyTable.Adaptive }
           from scale in Scales
           let run = Run(lives, policy, scale, seed)
           select new ReplayPoint(policy, scale, EfficiencyFigures.Compute(run.Twins, run.Events, speed: 1)),
    ];

    /// <summary>The interval factors of the curve (1: the defaults, what the real run measures).</summary>
    public static readonly IReadOnlyList<double> Scales = [0.25, 0.5, 1, 2, 4];

    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every life through <paramref name="policy"/> with its intervals × <paramref name="scale"/>: twins and their milestone events, as the real run reads them.</summary>
    public static (List<Twin> Twins, Dictionary<string, IReadOnlyList<SeenEvent>> Events) Run(IReadOnlyList<PlannedLife> lives, string policy, double scale, int seed)
    {
        var options = PolicyTable.Options(policy, scale);
        var label = Label(policy, scale);
        var twins = new List<Twin>(lives.Count);
        var events = new Dictionary<string, IReadOnlyList<SeenEvent>>(StringComparer.Ordinal);
        foreach (var life in lives)
        {
            var uid = life.Uid(policy);
            var steps = Steps(life);
            var (requests, seen) = Play(uid, steps, Epoch + life.Start + life.ValidFor, options, new Random(HashCode.Combine(seed, life.Family, life.Index)));
            twins.Add(new Twin(uid, life.Family, label, [.. steps.Select(s => new TrueStep(s.At, s.Status, s.Expired))], requests, StillTracked: false));
            events[uid] = seen;
        }

        return (twins, events);
    }

    public static string Label(string policy, double scale) => $"{policy} ×{scale.ToString("0.##", CultureInfo.InvariantCulture)}";

    private sealed record Step(DateTimeOffset At, int Status, bool Expired, decimal? PercentDamage, DateTimeOffset StatusSetAt);

    // Polls from the start until the schedule stops: what the poller does, each answer the step in force.
    private static (int Requests, List<SeenEvent> Seen) Play(string uid, List<Step> steps, DateTimeOffset expiresAt, PollingOptions options, Random random)
    {
        var now = steps[0].At;
        TokenState? stored = null;
        DateTimeOffset? completedAt = null;
        TimeSpan? previous = null;
        var seen = new List<SeenEvent>();
        for (var requests = 1; ; requests++)
        {
            var step = steps.Last(s => s.At <= now);
            var snapshot = new TokenSnapshot
            {
                Uid = uid,
                Status = step.Status,
                StatusUpdatedAt = step.StatusSetAt,
                Expired = step.Expired,
                ExpiresAt = expiresAt,
                PercentDamage = step.PercentDamage,
                TokenJson = string.Empty,
            };
            var changes = ChangeDetector.Detect(stored, snapshot, now);
            // As PollDecision decides "changed".
            var changed = changes.Events.Count > 0 || stored?.Snapshot.Status != snapshot.Status;
            var plan = PollSchedule.AfterSuccess(changes.State, completedAt, now, (random.NextDouble() * 2) - 1, options, changed, previous);
            if (plan.StopReason is { } reason)
            {
                changes = ChangeDetector.StopTracking(changes, reason, now);
            }

            seen.AddRange(changes.Events.Select(e => new SeenEvent(EventSerialization.TypeName(e), now)));
            if (plan.NextPollAt is not { } next)
            {
                return (requests, seen);
            }

            (stored, completedAt, previous, now) = (changes.State, plan.CompletedAt, plan.Interval, next);
        }
    }

    // The simulator's steps in simulated time; a status is set again by a new status, or by another chase-up.
    private static List<Step> Steps(PlannedLife life)
    {
        var steps = new List<Step>();
        foreach (var raw in life.Steps.EnumerateArray())
        {
            var at = Epoch + life.Start + TimeSpan.Parse(raw.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
            var status = raw.GetProperty("status").GetInt32();
            var expired = raw.TryGetProperty("expired", out var e) && e.GetBoolean();
            decimal? damage = raw.TryGetProperty("percentDamage", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDecimal() : null;
            var previous = steps.Count == 0 ? null : steps[^1];
            var chaseUpAgain = previous is not null && status == 6 && previous.Status == 6 && previous.Expired == expired && previous.PercentDamage == damage;
            var setAt = previous is null || previous.Status != status || chaseUpAgain ? at : previous.StatusSetAt;
            steps.Add(new Step(at, status, expired, damage, setAt));
        }

        return steps;
    }
}
