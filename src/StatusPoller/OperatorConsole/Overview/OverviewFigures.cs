namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// The overview's figures from the sampled history, rates from counter increases between samples.
/// Pure: the clock, the live hold and the status words are arguments.
/// </summary>
internal static class OverviewFigures
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The token counts read every tracked token: one sample in this many reads them (a minute at the default 10 s).</summary>
    public const int TokenCountEvery = 6;

    /// <summary>Stopped tokens are counted up to this many, the latest (counting millions would read the whole table).</summary>
    public const int StoppedLimit = 10_000;

    /// <summary>How many samples taken every <paramref name="interval"/> make the last hour, plus the one its first rate starts from.</summary>
    public static int Capacity(TimeSpan interval) => (int)Math.Ceiling(Window / interval) + 1;

    /// <summary>Samples further apart than this (a stalled sampler) break a rate's line: three intervals.</summary>
    public static TimeSpan MaxGap(TimeSpan interval) => interval * 3;

    /// <summary>Builds the page.</summary>
    /// <param name="history">The samples, oldest first.</param>
    /// <param name="counts">The latest token counts read, if any.</param>
    /// <param name="closedUntil">The instance's <c>Retry-After</c> hold now (<c>UpstreamGate.ClosedUntil</c>).</param>
    /// <param name="now">The page's time: the window is the hour before it.</param>
    /// <param name="instanceId">This instance's id.</param>
    /// <param name="maxGap">Samples further apart than this break a rate's line.</param>
    /// <param name="statusWords">A status code in words.</param>
    /// <param name="budget">The request budget set, if any.</param>
    public static OverviewPage Build(
        IReadOnlyList<OverviewSample> history, TokenCounts? counts, DateTimeOffset? closedUntil, DateTimeOffset now,
        string instanceId, TimeSpan maxGap, Func<int, string> statusWords, RequestBudget? budget = null)
    {
        var from = now - Window;
        // One sample before the window too: the first rate in it needs its predecessor.
        var first = Math.Max(0, history.Count(s => s.At < from) - 1);
        var samples = history.Skip(first).Where(s => s.At <= now).ToList();
        var inWindow = samples.Where(s => s.At >= from).ToList();
        var latest = samples.LastOrDefault(s => s.Database is not null)?.Database;

        ChartPoint[] Rate(Func<CounterTotals, long> counter) => [.. CounterRates.Series(samples, counter, maxGap).Where(p => p.At >= from)];
        ChartPoint[] Level(Func<DatabaseFigures, double> figure) => [.. inWindow.Select(s => new ChartPoint(s.At, s.Database is { } db ? figure(db) : null))];
        long LastHour(Func<CounterTotals, long> counter) => CounterRates.Increase(samples, counter);

        var failed = Increases(samples);
        var hold = closedUntil is { } until && until > now ? until - now : TimeSpan.Zero;
        return new OverviewPage(instanceId, from, now,
        [
            new Figure("tokens", "Tokens", counts is null ? "not read yet" : $"{counts.TrackingTotal} tracked, {Stopped(counts)} stopped",
                counts is null ? [] : [.. ByStatus("tracked", counts.Tracking, statusWords), .. ByStatus(counts.MoreStopped ? "of the latest stopped" : "stopped", counts.Stopped, statusWords)],
                "tokens tracked", Level(db => db.Tracking)),
            PerMinute("polls", "Polls", "polls per minute", Rate(c => c.Polls), [$"{LastHour(c => c.Polls)} in the last hour"]),
            PerMinute("events", "Events written", "events written per minute", Rate(c => c.Events), [$"{LastHour(c => c.Events)} in the last hour"]),
            PerMinute("failed-polls", "Failed polls", "failed polls per minute", Rate(c => c.Failed.Total),
            [
                $"{failed.Vendor} vendor errors (error status, timeout, 429)",
                $"{failed.Invalid} invalid answers",
                $"{failed.NotFound} unknown to the vendor",
                $"{failed.Error} errors in the poller",
            ]) with { DetailsCaption = "In the last hour, by kind:" },
            new Figure("throttled", "429 Too Many Requests",
                hold > TimeSpan.Zero ? $"Retry-After hold: {Durations.Words(hold)} left" : "Retry-After hold: none",
                [$"{LastHour(c => c.Throttled)} answers 429 in the last hour"], "429 answers per minute", Rate(c => c.Throttled)) { PerInstance = true },
            new Figure("outbox", "Outbox backlog",
                latest is null ? "not read yet" : latest.Backlog == 0 ? "empty: every event is published" : $"{latest.Backlog} events waiting, the oldest for {Durations.Words(latest.BacklogAge)}",
                [], "events waiting", Level(db => db.Backlog)),
            new Figure("relay", "Outbox relay", Holder(latest, instanceId), [], "relay held (1) or free (0)", Level(db => db.RelayHolder is null ? 0 : 1)),
            BudgetFigure.Build(samples, from, budget, maxGap),
        ]);
    }

    private static Figure PerMinute(string key, string title, string charted, ChartPoint[] chart, IReadOnlyList<string> details)
    {
        var now = chart.LastOrDefault(p => p.Value is not null).Value;
        return new Figure(key, title, now is { } rate ? $"{Sparkline.Format(rate)} per minute" : "not measured yet", details, charted, chart) { PerInstance = true };
    }

    private static FailedPolls Increases(IReadOnlyList<OverviewSample> samples) => new(
        CounterRates.Increase(samples, c => c.Failed.Vendor),
        CounterRates.Increase(samples, c => c.Failed.Invalid),
        CounterRates.Increase(samples, c => c.Failed.NotFound),
        CounterRates.Increase(samples, c => c.Failed.Error));

    private static string Stopped(TokenCounts counts) => counts.MoreStopped ? $"more than {counts.StoppedTotal}" : $"{counts.StoppedTotal}";

    // One line per status: status words may hold commas ("link opened, no picture yet").
    private static IEnumerable<string> ByStatus(string state, IReadOnlyDictionary<int, long> counts, Func<int, string> statusWords) =>
        counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {state}: {statusWords(kv.Key)}");

    private static string Holder(DatabaseFigures? latest, string instanceId) => latest switch
    {
        null => "not read yet",
        { RelayHolder: null } => "held by no instance",
        { RelayHolder: var holder } when holder == instanceId => $"held by {holder} (this instance)",
        { RelayHolder: var holder } => $"held by {holder}",
    };
}
