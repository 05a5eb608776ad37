extern alias chaos;

using chaos::Tchek.Events.Chaos;

namespace Tchek.Events.UnitTests.Chaos;

public sealed class FaultPlanTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(42, 5)]
    [InlineData(7, 3)]
    public void Every_fault_kind_strikes_each_round_one_at_a_time_inside_the_window(int seed, int rounds)
    {
        var window = TimeSpan.FromMinutes(10);

        var plan = FaultPlan.Make(seed, window, rounds, pollers: 2);

        Assert.All(Enum.GetValues<FaultKind>(), kind => Assert.True(plan.Count(f => f.Kind == kind) >= rounds, $"{kind}"));
        Assert.Equal(2 * rounds, plan.Count(f => f.Kind == FaultKind.KillPoller));
        Assert.All(plan, f => Assert.InRange(f.At, TimeSpan.Zero, window));
        Assert.All(plan, f => Assert.InRange(f.Poller, 0, 1));
        // Each fault has at least 60 % of its slot to recover before the next one.
        var slot = window / plan.Count;
        Assert.All(plan.Zip(plan.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= slot * 0.6));
    }

    [Fact]
    public void A_seed_gives_the_same_plan_and_another_seed_another()
    {
        var window = TimeSpan.FromMinutes(10);

        Assert.Equal(FaultPlan.Make(3, window, 2, 2), FaultPlan.Make(3, window, 2, 2));
        Assert.NotEqual(FaultPlan.Make(3, window, 2, 2), FaultPlan.Make(4, window, 2, 2));
    }
}
