namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>The request budget's bucket as a sample read it: polls charged since it was made (all instances) and whole polls held.</summary>
internal sealed record BudgetReading(long Charged, int Available);

/// <summary>
/// The overview's request budget figure (database-wide: the bucket is shared): the share of the
/// daily budget used, at the last hour's pace and between samples, and what the bucket holds. Pure.
/// </summary>
internal static class BudgetFigure
{
    public const string Key = "budget";

    /// <param name="samples">The samples, oldest first, one before the window included.</param>
    /// <param name="from">The window's start.</param>
    /// <param name="budget">The budget set, or null.</param>
    /// <param name="maxGap">Samples further apart than this break the chart's line.</param>
    public static Figure Build(IReadOnlyList<OverviewSample> samples, DateTimeOffset from, RequestBudget? budget, TimeSpan maxGap)
    {
        const string Charted = "share of the daily budget used, % (pace between samples)";
        if (budget is null)
        {
            return new Figure(Key, "Request budget", "no budget", ["Tchek:RequestBudgetPerDay is not set: polls are limited by Tchek:MaxRequestsPerSecond only."], Charted, []);
        }

        var chart = new List<ChartPoint>();
        long lastHour = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var (previous, current) = (i == 0 ? null : samples[i - 1], samples[i]);
            double? share = null;
            if (previous?.Database?.Budget is { } before && current.Database?.Budget is { } after)
            {
                // A lower total: the row was made again (deleted by hand); its whole total is new.
                var charged = after.Charged >= before.Charged ? after.Charged - before.Charged : after.Charged;
                lastHour += current.At > from ? charged : 0;
                share = current.At > previous.At && current.At - previous.At <= maxGap
                    ? 100.0 * charged / ((current.At - previous.At) / RequestBudget.Day) / budget.PerDay
                    : null;
            }

            if (current.At >= from)
            {
                chart.Add(new ChartPoint(current.At, share));
            }
        }

        var latest = samples.LastOrDefault(s => s.Database?.Budget is not null)?.Database?.Budget;
        var pace = 100.0 * lastHour * 24 / budget.PerDay;
        return new Figure(Key, "Request budget",
            latest is null ? "not read yet" : $"{Sparkline.Format(pace)}% of {budget.PerDay} a day, at the last hour's pace",
            latest is null ? [] :
            [
                $"{lastHour} polls charged in the last hour, all instances",
                $"{latest.Available} of {budget.Capacity} polls in the bucket (refilled at {Sparkline.Format(budget.RefillPerDay / 24.0)} an hour)",
            ],
            Charted, chart);
    }
}
