namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>A value of a figure at a time; null where it is unknown (a chart's line breaks there).</summary>
internal readonly record struct ChartPoint(DateTimeOffset At, double? Value);

/// <summary>
/// Rates and increases of cumulative counters read at intervals. A counter lower than the reading
/// before it restarted from zero (a reset): its increase is its whole value. Pure.
/// </summary>
internal static class CounterRates
{
    /// <summary>
    /// The rate per minute between two readings; null without an earlier reading, elapsed time, or readings
    /// within <paramref name="maxGap"/>: an average over a stalled sampler's gap would hide what happened.
    /// </summary>
    public static double? PerMinute(DateTimeOffset? previousAt, long previous, DateTimeOffset at, long current, TimeSpan maxGap)
    {
        if (previousAt is not { } from || at <= from || at - from > maxGap)
        {
            return null;
        }

        return Increase(previous, current) / (at - from).TotalMinutes;
    }

    /// <summary>The rate per minute at each sample, from the one before it (the first has none).</summary>
    public static ChartPoint[] Series(IReadOnlyList<OverviewSample> samples, Func<CounterTotals, long> counter, TimeSpan maxGap)
    {
        var points = new ChartPoint[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var previous = i == 0 ? null : samples[i - 1];
            points[i] = new ChartPoint(samples[i].At, PerMinute(
                previous?.At, previous is null ? 0 : counter(previous.Counters), samples[i].At, counter(samples[i].Counters), maxGap));
        }

        return points;
    }

    /// <summary>How much the counter grew over the samples (resets included; gaps too: a count is a count).</summary>
    public static long Increase(IReadOnlyList<OverviewSample> samples, Func<CounterTotals, long> counter)
    {
        long total = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            total += Increase(counter(samples[i - 1].Counters), counter(samples[i].Counters));
        }

        return total;
    }

    private static long Increase(long previous, long current) => current >= previous ? current - previous : current;
}
