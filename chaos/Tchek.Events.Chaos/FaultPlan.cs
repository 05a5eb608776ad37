namespace Tchek.Events.Chaos;

internal enum FaultKind
{
    /// <summary>SIGKILL a poller at a random moment, then start it again.</summary>
    KillPoller,

    /// <summary>SIGSTOP a poller for longer than its claims last, then SIGCONT it.</summary>
    PausePoller,

    /// <summary>Stop RabbitMQ, then start it again.</summary>
    RestartBroker,

    /// <summary>Stop PostgreSQL (immediate: like a crash), then start it again.</summary>
    RestartDatabase,

    /// <summary>The vendor answers some requests with 429 and a Retry-After for a while.</summary>
    RateLimit,

    /// <summary>The pollers cut off from RabbitMQ (connections dropped, new ones refused) for longer than a publish may wait, while the broker serves the subscribers.</summary>
    PartitionBroker,

    /// <summary>One poller cut off from PostgreSQL for longer than its claims last, while the other goes on.</summary>
    PartitionDatabase,

    /// <summary>Clusters only: one RabbitMQ node of three SIGKILLed, started again a few seconds later.</summary>
    KillBrokerNode,

    /// <summary>Clusters only: the PostgreSQL primary SIGKILLed; Patroni promotes the synchronous standby and the old primary rejoins as the standby.</summary>
    FailoverDatabase,
}

/// <summary>
/// A fault at <paramref name="At"/> after the start, on poller <paramref name="Poller"/> where it takes one, and on
/// broker node <paramref name="Node"/> (1 to 3) for <see cref="FaultKind.KillBrokerNode"/>.
/// </summary>
internal sealed record ScheduledFault(TimeSpan At, FaultKind Kind, int Poller, int Node = 0);

/// <summary>
/// When each fault strikes: every kind at least <c>rounds</c> times (kills twice as often), in a
/// shuffled order, spread over the fault window with some randomness, one at a time (each leaves
/// room for the one before to recover). Pure given the seed.
/// </summary>
internal static class FaultPlan
{
    /// <summary>The broker nodes a <see cref="FaultKind.KillBrokerNode"/> picks from.</summary>
    public const int BrokerNodes = 3;

    /// <summary>
    /// One round's faults. Against the clusters, the single node's restarts give way to their cluster equivalents: a
    /// broker node lost (the cluster goes on) and the database primary lost (the standby takes over).
    /// </summary>
    public static IReadOnlyList<FaultKind> Round(bool ha) => ha
        ?
        [
            FaultKind.KillPoller, FaultKind.KillPoller, FaultKind.PausePoller, FaultKind.KillBrokerNode, FaultKind.FailoverDatabase,
            FaultKind.RateLimit, FaultKind.PartitionBroker, FaultKind.PartitionDatabase,
        ]
        :
        [
            FaultKind.KillPoller, FaultKind.KillPoller, FaultKind.PausePoller, FaultKind.RestartBroker, FaultKind.RestartDatabase,
            FaultKind.RateLimit, FaultKind.PartitionBroker, FaultKind.PartitionDatabase,
        ];

    public static IReadOnlyList<ScheduledFault> Make(int seed, TimeSpan window, int rounds, int pollers, bool ha = false)
    {
        var random = new Random(seed);
        var kinds = Enumerable.Range(0, rounds)
            .SelectMany(_ => Round(ha))
            .OrderBy(_ => random.Next())
            .ToList();
        var slot = window / kinds.Count;
        return
        [
            .. kinds.Select((kind, i) => new ScheduledFault(
                slot * i + slot * (0.1 + random.NextDouble() * 0.3),
                kind,
                random.Next(pollers),
                // Drawn only against the clusters, so a seed replays the same single-node plan as before.
                ha ? random.Next(BrokerNodes) + 1 : 0)),
        ];
    }
}
