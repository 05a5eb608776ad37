extern alias chaos;

using chaos::Tchek.Events.Chaos;

namespace Tchek.Events.UnitTests.Chaos;

public sealed class FaultPlanTests
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(42, 5, false)]
    [InlineData(7, 3, false)]
    [InlineData(1, 1, true)]
    [InlineData(42, 4, true)]
    public void Every_fault_kind_strikes_each_round_one_at_a_time_inside_the_window(int seed, int rounds, bool ha)
    {
        var window = TimeSpan.FromMinutes(10);

        var plan = FaultPlan.Make(seed, window, rounds, pollers: 2, ha);

        Assert.All(FaultPlan.Round(ha), kind => Assert.True(plan.Count(f => f.Kind == kind) >= rounds, $"{kind}"));
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

    [Fact]
    public void Against_the_clusters_a_broker_node_and_the_database_primary_are_lost_instead_of_the_single_nodes_restarted()
    {
        var plan = FaultPlan.Make(9, TimeSpan.FromMinutes(10), rounds: 4, pollers: 2, ha: true);

        Assert.Equal(4, plan.Count(f => f.Kind == FaultKind.KillBrokerNode));
        Assert.Equal(4, plan.Count(f => f.Kind == FaultKind.FailoverDatabase));
        Assert.DoesNotContain(plan, f => f.Kind is FaultKind.RestartBroker or FaultKind.RestartDatabase);
        Assert.All(plan, f => Assert.InRange(f.Node, 1, FaultPlan.BrokerNodes));
        Assert.DoesNotContain(FaultPlan.Make(9, TimeSpan.FromMinutes(10), rounds: 4, pollers: 2), f => f.Kind is FaultKind.KillBrokerNode or FaultKind.FailoverDatabase);
    }
}
