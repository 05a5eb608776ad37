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
}

/// <summary>A fault at <paramref name="At"/> after the start, on poller <paramref name="Poller"/> where it takes one.</summary>
internal sealed record ScheduledFault(TimeSpan At, FaultKind Kind, int Poller);

/// <summary>
/// When each fault strikes: every kind at least <c>rounds</c> times (kills twice as often), in a
/// shuffled order, spread over the fault window with some randomness, one at a time (each leaves
/// room for the one before to recover). Pure given the seed.
/// </summary>
internal static class FaultPlan
{
    public static IReadOnlyList<ScheduledFault> Make(int seed, TimeSpan window, int rounds, int pollers)
    {
        var random = new Random(seed);
        var kinds = Enumerable.Range(0, rounds)
            .SelectMany(_ => new[]
            {
                FaultKind.KillPoller, FaultKind.KillPoller, FaultKind.PausePoller, FaultKind.RestartBroker, FaultKind.RestartDatabase,
                FaultKind.RateLimit, FaultKind.PartitionBroker, FaultKind.PartitionDatabase,
            })
            .OrderBy(_ => random.Next())
            .ToList();
        var slot = window / kinds.Count;
        return
        [
            .. kinds.Select((kind, i) => new ScheduledFault(
                slot * i + slot * (0.1 + random.NextDouble() * 0.3),
                kind,
                random.Next(pollers))),
        ];
    }
}
