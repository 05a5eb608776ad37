namespace Tchek.Events.Chaos.Checking;

/// <summary>
/// One fault as it struck: from <paramref name="Start"/> to <paramref name="End"/> (the node back, the failover done,
/// the partition lifted), <paramref name="KillAt"/> when a process died, and what the fault's own commands said.
/// </summary>
internal sealed record StruckFault(FaultKind Kind, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset? KillAt = null, string Detail = "");

/// <summary>
/// One committed event's times: the poll that observed it (<c>observedAt</c>), the insert into the log
/// (<c>created_at</c>, the database's <c>clock_timestamp()</c>), and its first delivery to the checker, if any.
/// </summary>
internal sealed record EventTiming(Guid EventId, DateTimeOffset ObservedAt, DateTimeOffset CreatedAt, DateTimeOffset? Delivered);

/// <summary>How long a fault took to heal: null when no event came after it.</summary>
internal sealed record Heal(StruckFault Fault, TimeSpan? Time);

/// <summary>The poll → consumer delays of the events polled in some windows: how many, and their median, 95th percentile and longest.</summary>
internal sealed record DelayFigures(string Name, int Events, TimeSpan P50, TimeSpan P95, TimeSpan Max);

/// <summary>
/// The time each cluster fault took to heal, and the events' poll → consumer delay during each kind of fault against
/// the quiet stretches between faults. Pure: the run gives it the faults and the event times.
/// </summary>
internal static class HealFigures
{
    /// <summary>After a fault ends, how long its backlog may still slow events down: not counted as quiet.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    /// <summary>Before a fault starts, how long an event polled may still be on its way (written, not yet published): not counted as quiet.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <see cref="FaultKind.FailoverDatabase"/>: from the kill to the first event inserted after it, which only the new
    /// primary can hold. <see cref="FaultKind.KillBrokerNode"/>: from the kill to the first delivery of an event
    /// committed after it. Other kinds have no heal time here.
    /// </summary>
    public static IReadOnlyList<Heal> Heals(IReadOnlyList<StruckFault> faults, IReadOnlyList<EventTiming> events) =>
    [
        .. faults.Where(f => f is { Kind: FaultKind.FailoverDatabase or FaultKind.KillBrokerNode, KillAt: not null }).Select(fault =>
        {
            var kill = fault.KillAt!.Value;
            var after = events.Where(e => e.CreatedAt > kill);
            DateTimeOffset? healed = fault.Kind == FaultKind.FailoverDatabase
                ? after.Select(e => (DateTimeOffset?)e.CreatedAt).Min()
                : after.Where(e => e.Delivered is not null).Select(e => e.Delivered).Min();
            return new Heal(fault, healed - kill);
        }),
    ];

    /// <summary>
    /// The delays of the events polled while no fault was on (nor in the <see cref="Lead"/> before one, nor in the
    /// <see cref="Settle"/> after one), up to the
    /// last fault's end, then those polled during each kind of fault, in the order the kinds first struck.
    /// Events never delivered are left out (the checker counts them as lost).
    /// </summary>
    public static IReadOnlyList<DelayFigures> Delays(IReadOnlyList<StruckFault> faults, IReadOnlyList<EventTiming> events)
    {
        var delivered = events.Where(e => e.Delivered is not null).ToList();
        var lastEnd = faults.Count == 0 ? DateTimeOffset.MaxValue : faults.Max(f => f.End);
        var quiet = delivered.Where(e => e.ObservedAt <= lastEnd && !faults.Any(f => e.ObservedAt >= f.Start - Lead && e.ObservedAt <= f.End + Settle));
        var figures = new List<DelayFigures> { Figures("quiet (no fault on)", quiet) };
        foreach (var kind in faults.Select(f => f.Kind).Distinct())
        {
            var windows = faults.Where(f => f.Kind == kind).ToList();
            figures.Add(Figures(kind.ToString(), delivered.Where(e => windows.Any(f => e.ObservedAt >= f.Start && e.ObservedAt <= f.End))));
        }

        return figures;
    }

    private static DelayFigures Figures(string name, IEnumerable<EventTiming> events)
    {
        var delays = events.Select(e => e.Delivered!.Value - e.ObservedAt).Order().ToList();
        return delays.Count == 0
            ? new DelayFigures(name, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero)
            : new DelayFigures(name, delays.Count, Rank(delays, 0.50), Rank(delays, 0.95), delays[^1]);
    }

    // Nearest rank: the smallest delay at least the given share of the events did not exceed.
    private static TimeSpan Rank(List<TimeSpan> sorted, double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];
}
