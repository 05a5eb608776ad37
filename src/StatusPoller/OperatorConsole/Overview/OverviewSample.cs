namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// One reading of the overview's figures. The counters and the hold are this instance's; the
/// database figures are shared by all instances, and null when the database could not be read.
/// </summary>
internal sealed record OverviewSample(DateTimeOffset At, CounterTotals Counters, TimeSpan RetryAfterHold, DatabaseFigures? Database)
{
    /// <summary>The sample of raw readings: the hold is what is left of a <c>Retry-After</c> at <paramref name="at"/>.</summary>
    public static OverviewSample Take(DateTimeOffset at, CounterTotals counters, DateTimeOffset? closedUntil, DatabaseFigures? database) =>
        new(at, counters, closedUntil is { } until && until > at ? until - at : TimeSpan.Zero, database);
}

/// <summary>
/// This instance's cumulative counts since start, as <c>PollerMetrics</c> counted them. Polls exclude
/// untracks, which poll nothing.
/// </summary>
internal sealed record CounterTotals(long Polls, long Events, long Throttled, FailedPolls Failed)
{
    public static readonly CounterTotals Zero = new(0, 0, 0, new FailedPolls(0, 0, 0, 0));

    /// <summary>
    /// The totals from the poll counter's totals by outcome label (<c>PollerMetrics.Label</c>, plus
    /// <c>error</c>); a label this code does not know yet still counts as a poll.
    /// </summary>
    public static CounterTotals From(IReadOnlyDictionary<string, long> pollsByOutcome, long events, long throttled)
    {
        long Of(string outcome) => pollsByOutcome.GetValueOrDefault(outcome);
        var polls = pollsByOutcome.Where(kv => kv.Key != "untracked").Sum(kv => kv.Value);
        return new CounterTotals(polls, events, throttled, new FailedPolls(Of("failed"), Of("invalid"), Of("not_found"), Of("error")));
    }
}

/// <summary>
/// Failed polls by kind: no usable answer from the vendor (an error status, a timeout, a 429), an
/// answer that is not a valid token, a token the vendor does not know, and a poll that failed here.
/// </summary>
internal sealed record FailedPolls(long Vendor, long Invalid, long NotFound, long Error)
{
    public long Total => Vendor + Invalid + NotFound + Error;
}

/// <summary>The database-wide figures: tokens tracked and stopped, the outbox backlog, the relay's holder (null: none).</summary>
internal sealed record DatabaseFigures(long Tracking, long Stopped, long Backlog, TimeSpan BacklogAge, string? RelayHolder)
{
    /// <summary>The request budget's bucket; null when no budget is set, or no claim has made it yet.</summary>
    public BudgetReading? Budget { get; init; }
}
