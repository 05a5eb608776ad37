extern alias bench;

using System.Text.Json;
using bench::Tchek.Events.Benchmarks.Efficiency;

namespace Tchek.Events.UnitTests.Benchmarks;

public sealed class PolicyReplayTests
{
    // Opened after an hour, pictures in 10 minutes later, the staff start 2 h after them, the report 5 min later.
    private static readonly PlannedLife Life = Planned(
        0,
        ("00:00:00", 0, false),
        ("01:00:00", 1, false),
        ("01:02:00", 2, false),
        ("01:10:00", 3, false),
        ("03:10:00", 4, false),
        ("03:15:00", 5, false),
        ("3.00:00:00", 5, true));

    private static PlannedLife Planned(int index, params (string At, int Status, bool Expired)[] steps) => new(
        "prompt",
        index,
        TimeSpan.FromMinutes(10),
        JsonSerializer.SerializeToElement(steps.Select(s => new { at = s.At, status = s.Status, expired = s.Expired })),
        TimeSpan.FromDays(3),
        TimeSpan.Parse(steps[^1].At, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(PolicyTable.Fixed)]
    [InlineData(PolicyTable.Adaptive)]
    public void Every_milestone_is_seen_within_its_stage_ceiling_and_tracking_stops_after_the_completed_tail(string policy)
    {
        var (twins, events) = PolicyReplay.Run([Life], policy, scale: 1, seed: 1);

        var figures = EfficiencyFigures.Compute(twins, events, speed: 1).Single(f => f.Family == "prompt");
        // Fixed: 5 min unopened (+10 % jitter), 30 s under way; Adaptive's ceilings are shorter.
        Assert.InRange(figures.Milestones[TrueLife.InspectionStarted].P95Seconds, 0, 330);
        Assert.InRange(figures.Milestones[TrueLife.PicturesCompleted].P95Seconds, 0, 33);
        Assert.InRange(figures.Milestones[TrueLife.InspectionCompleted].P95Seconds, 0, 33);
        Assert.All(figures.Milestones.Values, m => Assert.Equal(0, m.Missed));
        var types = events[twins[0].Uid].Select(e => e.Type).ToList();
        Assert.Equal("TokenTracked", types[0]);
        Assert.All(new[] { "InspectionStarted", "PicturesCompleted", "InspectionCompleted" }, milestone => Assert.Single(types, milestone));
        // The last poll is the one past the completed tail (24 h after completion was seen).
        var completedSeen = events[twins[0].Uid].Single(e => e.Type == "InspectionCompleted").ObservedAt;
        Assert.InRange(events[twins[0].Uid][^1].ObservedAt - completedSeen, TimeSpan.FromHours(24), TimeSpan.FromHours(26.5));
        Assert.Equal("TokenTrackingStopped", events[twins[0].Uid][^1].Type);
    }

    [Fact]
    public void Shorter_intervals_cost_more_requests_and_see_the_opening_sooner()
    {
        var lives = Enumerable.Range(0, 20).Select(i => Planned(i, ("00:00:00", 0, false), ($"{1 + (i % 7)}:{i * 3 % 60:D2}:00", 1, false), ("1.00:00:00", 1, true))).ToList();

        var points = PolicyReplay.Scales.Select(scale => (scale, Figures: Figures(lives, PolicyTable.Fixed, scale))).ToList();

        for (var i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].Figures.RequestsPerLife < points[i - 1].Figures.RequestsPerLife, $"× {points[i].scale} costs no fewer requests than × {points[i - 1].scale}");
            Assert.True(
                points[i].Figures.Milestones[TrueLife.InspectionStarted].P95Seconds >= points[i - 1].Figures.Milestones[TrueLife.InspectionStarted].P95Seconds,
                $"× {points[i].scale} sees the opening sooner than × {points[i - 1].scale}");
        }
    }

    [Fact]
    public void Adaptive_plans_the_floor_after_a_change_so_it_sees_the_report_sooner_than_fixed_and_spends_less_on_the_waits()
    {
        // The staff start 1 to 4 h after the pictures; validating takes 3 to 9 minutes.
        var lives = Enumerable.Range(0, 20).Select(i => Planned(
            i,
            ("00:00:00", 0, false),
            ("00:20:00", 1, false),
            ("00:30:00", 3, false),
            (C(TimeSpan.FromHours(1 + (i % 4)) + TimeSpan.FromMinutes(i * 7 % 60)), 4, false),
            (C(TimeSpan.FromHours(1 + (i % 4)) + TimeSpan.FromMinutes((i * 7 % 60) + 3 + (i % 7))), 5, false),
            ("3.00:00:00", 5, true))).ToList();

        var fixedOne = Figures(lives, PolicyTable.Fixed, 1);
        var adaptive = Figures(lives, PolicyTable.Adaptive, 1);

        Assert.True(
            adaptive.Milestones[TrueLife.InspectionCompleted].P95Seconds < fixedOne.Milestones[TrueLife.InspectionCompleted].P95Seconds / 2,
            $"Adaptive p95 {adaptive.Milestones[TrueLife.InspectionCompleted].P95Seconds} s against Fixed's {fixedOne.Milestones[TrueLife.InspectionCompleted].P95Seconds} s");
        Assert.True(adaptive.RequestsPerLife < fixedOne.RequestsPerLife, $"{adaptive.RequestsPerLife} requests against Fixed's {fixedOne.RequestsPerLife}");
    }

    private static string C(TimeSpan at) => at.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private static FamilyFigures Figures(IReadOnlyList<PlannedLife> lives, string policy, double scale)
    {
        var (twins, events) = PolicyReplay.Run(lives, policy, scale, seed: 1);
        return EfficiencyFigures.Compute(twins, events, speed: 1).Single(f => f.Family == EfficiencyFigures.AllFamilies);
    }
}
