using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>
/// The Adaptive policy's rule (issue #15): a change plans the new stage's floor, a quiet poll
/// multiplies the last interval by the growth within the stage's floor and ceiling, no history
/// plans the floor; and under Fixed none of that matters.
/// </summary>
public sealed class AdaptiveScheduleTests
{
    private static readonly DateTimeOffset Now = Snapshots.Start.AddDays(1);

    private static readonly StageBounds Bounds = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(120));

    /// <summary>Distinct floors and ceilings per stage, so a test can tell which stage was used.</summary>
    internal static PollingOptions Adaptive(double growth = 2, double jitterRatio = 0) => new()
    {
        Policy = SchedulePolicyKind.Adaptive,
        JitterRatio = jitterRatio,
        Adaptive = new AdaptivePollingOptions
        {
            Growth = growth,
            Unopened = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(600)),
            Shooting = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(120)),
            AwaitingValidation = new(TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(900)),
            Validating = new(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(121)),
            Completed = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(7200)),
        },
    };

    private static TokenState StateAt(int status, int progress, DateTimeOffset? expiresAt = null) =>
        new(Snapshots.Uid, 3, progress, Snapshots.At(status) with { ExpiresAt = expiresAt ?? Now.AddDays(20) });

    [Theory]
    // changed, previous seconds (-1: none) → planned seconds; growth 2 within 5 s .. 120 s
    [InlineData(false, -1, 5)] // first poll, or a row from before the column: the floor
    [InlineData(true, -1, 5)]
    [InlineData(true, 60, 5)] // a change resets to the floor
    [InlineData(true, 120, 5)]
    [InlineData(false, 5, 10)] // quiet polls grow geometrically
    [InlineData(false, 10, 20)]
    [InlineData(false, 40, 80)]
    [InlineData(false, 59, 118)]
    [InlineData(false, 60, 120)] // ... up to the ceiling exactly
    [InlineData(false, 80, 120)] // and no further
    [InlineData(false, 120, 120)]
    [InlineData(false, 3600, 120)] // a previous above the ceiling (another stage's, a lowered option) comes down to it
    [InlineData(false, 1, 5)] // a previous below the floor comes up to it
    [InlineData(false, 2.5, 5)]
    public void The_interval_resets_on_change_grows_when_quiet_and_stays_within_the_stage(bool changed, double previousSeconds, double expectedSeconds)
    {
        TimeSpan? previous = previousSeconds < 0 ? null : TimeSpan.FromSeconds(previousSeconds);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), AdaptiveInterval.Next(Bounds, growth: 2, changed, previous));
    }

    [Fact]
    public void Growth_is_geometric_by_the_configured_factor()
    {
        var intervals = new List<TimeSpan>();
        TimeSpan? previous = null;
        for (var i = 0; i < 12; i++)
        {
            previous = AdaptiveInterval.Next(Bounds, growth: 1.5, changed: false, previous);
            intervals.Add(previous.Value);
        }

        Assert.Equal([5, 7.5, 11.25, 16.875, 25.3125, 37.96875, 56.953125, 85.4296875, 120, 120, 120, 120], intervals.Select(i => i.TotalSeconds));
    }

    [Fact]
    public void A_huge_previous_interval_clamps_to_the_ceiling_instead_of_overflowing()
    {
        Assert.Equal(Bounds.Ceiling, AdaptiveInterval.Next(Bounds, growth: 1e6, changed: false, TimeSpan.MaxValue));
    }

    [Theory]
    [InlineData(0, "Unopened")]
    [InlineData(1, "Shooting")]
    [InlineData(2, "Shooting")]
    [InlineData(3, "AwaitingValidation")]
    [InlineData(4, "Validating")]
    [InlineData(5, "Completed")]
    public void The_stage_follows_the_progress_reached(int progress, string stage)
    {
        Assert.Equal(stage, AdaptiveStages.Of(progress).ToString());
    }

    [Theory]
    // status, progress → the stage's floor (a change) and ceiling (a long quiet stretch), in seconds
    [InlineData(0, 0, 30, 600)]
    [InlineData(6, 0, 30, 600)] // a chase-up before opening: still unopened
    [InlineData(1, 1, 5, 120)]
    [InlineData(2, 2, 5, 120)]
    [InlineData(6, 2, 5, 120)]
    [InlineData(3, 3, 31, 900)]
    [InlineData(4, 4, 6, 121)]
    [InlineData(5, 5, 60, 7200)]
    [InlineData(3, 5, 60, 7200)] // back below completion: still the completed tail
    public void A_successful_poll_plans_the_floor_and_ceiling_of_the_stage_after_it(int status, int progress, int floor, int ceiling)
    {
        var options = Adaptive();

        var afterChange = PollSchedule.AfterSuccess(StateAt(status, progress), null, Now, 0, options, changed: true, TimeSpan.FromDays(1));
        var afterQuiet = PollSchedule.AfterSuccess(StateAt(status, progress), null, Now, 0, options, changed: false, TimeSpan.FromDays(1));

        Assert.Equal(TimeSpan.FromSeconds(floor), afterChange.Interval);
        Assert.Equal(Now.AddSeconds(floor), afterChange.NextPollAt);
        Assert.Equal(TimeSpan.FromSeconds(ceiling), afterQuiet.Interval);
        Assert.Equal(Now.AddSeconds(ceiling), afterQuiet.NextPollAt);
    }

    [Theory]
    [InlineData(-1, 36)]
    [InlineData(1, 44)]
    [InlineData(0.5, 42)]
    public void Jitter_spreads_the_next_poll_but_the_stored_interval_is_the_planned_one(double jitter, double seconds)
    {
        var plan = PollSchedule.AfterSuccess(StateAt(2, 2), null, Now, jitter, Adaptive(jitterRatio: 0.1), changed: false, TimeSpan.FromSeconds(20));

        Assert.Equal(TimeSpan.FromSeconds(40), plan.Interval);
        Assert.Equal(Now.AddSeconds(seconds), plan.NextPollAt);
    }

    [Fact]
    public void The_expiry_is_still_caught_under_adaptive()
    {
        var plan = PollSchedule.AfterSuccess(StateAt(0, 0, expiresAt: Now.AddMinutes(2)), null, Now, 0, Adaptive(), changed: false, TimeSpan.FromMinutes(5));

        Assert.Equal(Now.AddMinutes(2).AddSeconds(1), plan.NextPollAt);
        Assert.Equal(TimeSpan.FromMinutes(10), plan.Interval);
    }

    [Theory]
    [InlineData(0, 0, 300)]
    [InlineData(6, 0, 30)]
    [InlineData(2, 2, 30)]
    [InlineData(4, 4, 30)]
    [InlineData(5, 5, 600)]
    public void Fixed_plans_its_stage_interval_whatever_changed_or_came_before(int status, int progress, int seconds)
    {
        var options = new PollingOptions { JitterRatio = 0 };
        var plans = new[]
        {
            PollSchedule.AfterSuccess(StateAt(status, progress), null, Now, 0, options),
            PollSchedule.AfterSuccess(StateAt(status, progress), null, Now, 0, options, changed: false, TimeSpan.FromSeconds(7)),
            PollSchedule.AfterSuccess(StateAt(status, progress), null, Now, 0, options, changed: true, TimeSpan.FromHours(7)),
        };

        Assert.All(plans, plan => Assert.Equal(Now.AddSeconds(seconds), plan.NextPollAt));
        Assert.All(plans, plan => Assert.Equal(TimeSpan.FromSeconds(seconds), plan.Interval));
    }

    [Fact]
    public void Failures_and_stops_plan_no_interval_so_the_stored_one_is_kept()
    {
        var options = Adaptive();

        Assert.Null(PollSchedule.AfterFailure(0, null, "HTTP 502", null, Now, 0, options).Interval);
        Assert.Null(PollSchedule.AfterNotFound(0, null, Now, 0, options).Interval);
        Assert.Null(PollSchedule.AfterSuccess(StateAt(0, 0) with { Snapshot = Snapshots.At(0) with { Expired = true } }, null, Now, 0, options).Interval);
    }
}
