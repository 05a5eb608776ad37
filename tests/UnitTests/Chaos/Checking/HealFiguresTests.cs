extern alias chaos;

using chaos::Tchek.Events.Chaos;
using chaos::Tchek.Events.Chaos.Checking;

namespace Tchek.Events.UnitTests.Chaos.Checking;

public sealed class HealFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 23, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static EventTiming Event(double observed, double created, double? delivered) =>
        new(Guid.NewGuid(), At(observed), At(created), delivered is { } d ? At(d) : null);

    [Fact]
    public void A_failover_heals_at_the_first_event_inserted_after_the_kill()
    {
        var failover = new StruckFault(FaultKind.FailoverDatabase, At(10), At(22), KillAt: At(10.3));
        var events = new[]
        {
            Event(9.9, 10.1, 10.2),  // committed on the old primary before the kill
            Event(10.0, 14.9, 15.0), // the first write on the new primary
            Event(12.0, 15.2, 15.3),
        };

        var heal = Assert.Single(HealFigures.Heals([failover], events));

        Assert.Equal(4.6, heal.Time!.Value.TotalSeconds, precision: 3);
    }

    [Fact]
    public void A_node_loss_heals_at_the_first_delivery_of_an_event_committed_after_the_kill()
    {
        var kill = new StruckFault(FaultKind.KillBrokerNode, At(30), At(45), KillAt: At(30));
        var events = new[]
        {
            Event(29, 29.5, 37),   // committed before the kill: its late delivery says nothing of the heal
            Event(30, 30.5, null), // never delivered: lost, not a heal
            Event(31, 31.1, 33.5),
            Event(32, 32.1, 33.2), // delivered first among those committed after the kill
        };

        var heal = Assert.Single(HealFigures.Heals([kill], events));

        Assert.Equal(3.2, heal.Time!.Value.TotalSeconds, precision: 3);
    }

    [Fact]
    public void Only_cluster_faults_have_a_heal_time_and_one_with_nothing_after_it_has_none()
    {
        var faults = new[]
        {
            new StruckFault(FaultKind.KillPoller, At(0), At(2)),
            new StruckFault(FaultKind.FailoverDatabase, At(50), At(60), KillAt: At(50)),
        };

        var heal = Assert.Single(HealFigures.Heals(faults, [Event(1, 1.1, 1.2)]));

        Assert.Equal(FaultKind.FailoverDatabase, heal.Fault.Kind);
        Assert.Null(heal.Time);
    }

    [Fact]
    public void Delays_during_each_kind_of_fault_stand_against_the_quiet_stretches_which_exclude_the_moments_around_a_fault()
    {
        var faults = new[]
        {
            new StruckFault(FaultKind.KillBrokerNode, At(10), At(20), KillAt: At(10)),
            new StruckFault(FaultKind.FailoverDatabase, At(40), At(50), KillAt: At(40)),
            new StruckFault(FaultKind.KillBrokerNode, At(70), At(80), KillAt: At(70)),
        };
        var events = new[]
        {
            Event(1, 1, 1.1),     // quiet: 0.1 s
            Event(4, 4, 4.3),     // quiet: 0.3 s
            Event(12, 12, 14),    // node loss: 2 s
            Event(75, 75, 76),    // node loss: 1 s
            Event(25, 25, 25.5),  // settling after the node loss: neither quiet nor the fault
            Event(45, 45, 53),    // failover: 8 s
            Event(46, 46, null),  // failover, never delivered: left out
            Event(61, 61, 61.2),  // quiet: 0.2 s
            Event(67, 67, 71),    // just before the second node loss: on its way when it struck, not quiet
            Event(95, 95, 95.1),  // after the last fault: the drain, left out
        };

        var delays = HealFigures.Delays(faults, events);

        Assert.Equal(["quiet (no fault on)", "KillBrokerNode", "FailoverDatabase"], delays.Select(d => d.Name));
        Assert.Equal(new DelayFigures("quiet (no fault on)", 3, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(0.3)), Rounded(delays[0]));
        Assert.Equal(new DelayFigures("KillBrokerNode", 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)), Rounded(delays[1]));
        Assert.Equal(new DelayFigures("FailoverDatabase", 1, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8)), Rounded(delays[2]));
    }

    // DateTimeOffset.AddSeconds rounds to the millisecond; compare at that grain.
    private static DelayFigures Rounded(DelayFigures figures)
    {
        static TimeSpan Ms(TimeSpan value) => TimeSpan.FromMilliseconds(Math.Round(value.TotalMilliseconds));
        return figures with { P50 = Ms(figures.P50), P95 = Ms(figures.P95), Max = Ms(figures.Max) };
    }
}
