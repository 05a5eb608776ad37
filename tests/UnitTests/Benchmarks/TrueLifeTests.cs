extern alias bench;

using bench::Tchek.Events.Benchmarks.Efficiency;

namespace Tchek.Events.UnitTests.Benchmarks;

public sealed class TrueLifeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tail = TimeSpan.FromHours(24);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    private static TrueStep At(double hours, int status, bool expired = false) => new(T0.AddHours(hours), status, expired);

    [Fact]
    public void Tracking_ends_after_the_completed_tail_or_at_the_expiry_whichever_comes_first()
    {
        Assert.Equal(T0.AddHours(30), TrueLife.TrackingEnds([At(0, 0), At(1, 1), At(6, 5), At(72, 5, expired: true)], Tail, Grace));
        Assert.Equal(T0.AddHours(72), TrueLife.TrackingEnds([At(0, 0), At(1, 1), At(60, 5), At(72, 5, expired: true)], Tail, Grace));
    }

    [Fact]
    public void Tracking_ends_at_the_report_after_an_expiry_with_pictures_in_and_at_the_expiry_without()
    {
        Assert.Equal(T0.AddHours(80), TrueLife.TrackingEnds([At(0, 0), At(70, 3), At(72, 3, expired: true), At(78, 4, expired: true), At(80, 5, expired: true)], Tail, Grace));
        Assert.Equal(T0.AddHours(72), TrueLife.TrackingEnds([At(0, 0), At(24, 6), At(72, 6, expired: true)], Tail, Grace));
        Assert.Equal(T0.AddHours(72) + Grace, TrueLife.TrackingEnds([At(0, 0), At(70, 3), At(72, 3, expired: true)], Tail, Grace));
    }

    [Fact]
    public void Changes_are_the_first_state_and_every_step_while_tracked()
    {
        TrueStep[] steps = [At(0, 0), At(1, 1), At(2, 3), At(4, 4), At(5, 5), At(72, 5, expired: true)];

        // The expiry comes after the tail: nobody polls for it.
        Assert.Equal(5, TrueLife.Changes(steps, TrueLife.TrackingEnds(steps, Tail, Grace)));
    }

    [Fact]
    public void A_milestone_is_late_by_the_time_from_the_step_that_reached_it_even_a_skipped_one()
    {
        // 0 → 2 → 5: InspectionStarted was reached with the 2 (inferred), PicturesCompleted with the 5.
        TrueStep[] steps = [At(0, 0), At(1, 2), At(3, 5), At(72, 5, expired: true)];
        SeenEvent[] events = [new("InspectionStarted", T0.AddHours(1.5)), new("PicturesCompleted", T0.AddHours(3.25)), new("InspectionCompleted", T0.AddHours(3.25))];

        var detections = TrueLife.Detections(steps, T0.AddHours(27), events).ToList();

        Assert.Equal(
            [("InspectionStarted", TimeSpan.FromHours(0.5)), ("PicturesCompleted", TimeSpan.FromHours(0.25)), ("InspectionCompleted", TimeSpan.FromHours(0.25))],
            detections.Select(d => (d.Milestone, d.Delay!.Value)));
    }

    [Fact]
    public void A_milestone_with_no_event_is_missed_and_one_after_tracking_ended_is_not_counted()
    {
        TrueStep[] steps = [At(0, 0), At(1, 1), At(80, 3)];

        var detections = TrueLife.Detections(steps, T0.AddHours(72), []).ToList();

        Assert.Equal([new Detection("InspectionStarted", null)], detections);
    }

    [Fact]
    public void Each_chase_up_event_reports_the_latest_chase_up_before_it_and_the_ones_it_hid_are_missed()
    {
        // Chase-ups at 24 h and 48 h; a 6 that only expires is none.
        TrueStep[] steps = [At(0, 0), At(24, 6), At(48, 6), At(72, 6, expired: true)];
        var both = TrueLife.Detections(steps, T0.AddHours(72), [new("ChaseUpSent", T0.AddHours(24.1)), new("ChaseUpSent", T0.AddHours(48.2))]).ToList();
        var once = TrueLife.Detections(steps, T0.AddHours(72), [new("ChaseUpSent", T0.AddHours(50))]).ToList();

        Assert.Equal([TimeSpan.FromHours(0.1), TimeSpan.FromHours(0.2)], both.Select(d => d.Delay!.Value.Round()));
        Assert.Equal([TimeSpan.FromHours(2), (TimeSpan?)null], once.Select(d => d.Delay?.Round()));
    }

    [Fact]
    public void Figures_are_per_policy_and_family_with_delays_back_in_simulated_time()
    {
        // Speed 60: a real minute is a simulated hour.
        TrueStep[] steps = [At(0, 0), At(1.0 / 60, 1), At(72.0 / 60, 1, expired: true)];
        Twin[] twins = [new("P00000F", "prompt", "Fixed", steps, Requests: 30, StillTracked: false), new("P00000A", "prompt", "Adaptive", steps, Requests: 6, StillTracked: false)];
        var events = new Dictionary<string, IReadOnlyList<SeenEvent>>
        {
            ["P00000F"] = [new("InspectionStarted", T0.AddHours(1.5 / 60))],
            ["P00000A"] = [new("InspectionStarted", T0.AddHours(1.25 / 60))],
        };

        var figures = EfficiencyFigures.Compute(twins, events, speed: 60);

        var fixedOne = Assert.Single(figures, f => f is { Policy: "Fixed", Family: "prompt" });
        Assert.Equal(10, fixedOne.RequestsPerChange, 6); // 30 requests, 3 facts: the first state, the opening, the expiry
        Assert.Equal(1_800, fixedOne.Milestones["InspectionStarted"].P95Seconds, 3);
        var adaptive = Assert.Single(figures, f => f is { Policy: "Adaptive", Family: "all" });
        Assert.Equal(2, adaptive.RequestsPerChange, 6);
        Assert.Equal(900, adaptive.Milestones["InspectionStarted"].P50Seconds, 3);
    }
}

file static class TimeSpanRounding
{
    public static TimeSpan Round(this TimeSpan value) => TimeSpan.FromSeconds(Math.Round(value.TotalSeconds));
}
