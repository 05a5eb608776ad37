namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>One milestone's detection delays, in simulated seconds.</summary>
internal sealed record MilestoneFigures(int Detected, int Missed, double P50Seconds, double P95Seconds);

/// <summary>What one policy cost and how late it was, over one family's lives (or all: family <c>all</c>).</summary>
internal sealed record FamilyFigures(
    string Policy,
    string Family,
    int Lives,
    int StillTracked,
    double RequestsPerLife,
    double ChangesPerLife,
    double RequestsPerChange,
    IReadOnlyDictionary<string, MilestoneFigures> Milestones);

/// <summary>Turns twins and their events into figures per policy and family. Pure.</summary>
internal static class EfficiencyFigures
{
    public const string AllFamilies = "all";

    public static List<FamilyFigures> Compute(IReadOnlyList<Twin> twins, IReadOnlyDictionary<string, IReadOnlyList<SeenEvent>> events, double speed)
    {
        var figures = new List<FamilyFigures>();
        foreach (var policy in twins.Select(t => t.Policy).Distinct())
        {
            var ofPolicy = twins.Where(t => t.Policy == policy).ToList();
            foreach (var family in ofPolicy.Select(t => t.Family).Distinct().Append(AllFamilies))
            {
                figures.Add(Of(policy, family, [.. ofPolicy.Where(t => family == AllFamilies || t.Family == family)], events, speed));
            }
        }

        return figures;
    }

    private static FamilyFigures Of(string policy, string family, List<Twin> twins, IReadOnlyDictionary<string, IReadOnlyList<SeenEvent>> events, double speed)
    {
        var tail = PolicyTable.CompletedTail / speed;
        var grace = PolicyTable.ExpiredValidationGrace / speed;
        var requests = twins.Sum(t => (double)t.Requests);
        var changes = 0.0;
        var detections = new List<Detection>();
        foreach (var twin in twins)
        {
            var ends = TrueLife.TrackingEnds(twin.Steps, tail, grace);
            changes += TrueLife.Changes(twin.Steps, ends);
            detections.AddRange(TrueLife.Detections(twin.Steps, ends, events.GetValueOrDefault(twin.Uid, [])));
        }

        return new FamilyFigures(
            policy,
            family,
            twins.Count,
            twins.Count(t => t.StillTracked),
            requests / Math.Max(twins.Count, 1),
            changes / Math.Max(twins.Count, 1),
            changes == 0 ? double.NaN : requests / changes,
            TrueLife.Milestones.ToDictionary(m => m, m => Delays(detections.Where(d => d.Milestone == m).ToList(), speed)));
    }

    // Delays back in simulated time: the real delay × speed.
    private static MilestoneFigures Delays(List<Detection> detections, double speed)
    {
        var seconds = detections.Where(d => d.Delay is not null).Select(d => d.Delay!.Value.TotalSeconds * speed).Order().ToList();
        return new MilestoneFigures(seconds.Count, detections.Count - seconds.Count, Measure.Percentile(seconds, 0.50), Measure.Percentile(seconds, 0.95));
    }
}
