using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole.Overview;

/// <summary>Rates per minute and increases from cumulative counters read every few seconds.</summary>
public sealed class CounterRatesTests
{
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_first_sample_has_no_rate()
    {
        var points = CounterRates.Series([Samples.At(0, polls: 40)], c => c.Polls, MaxGap);

        Assert.Equal([new ChartPoint(Samples.Start, null)], points);
    }

    [Fact]
    public void The_rate_is_the_increase_over_the_elapsed_minutes()
    {
        var points = CounterRates.Series([Samples.At(0, polls: 100), Samples.At(10, polls: 120), Samples.At(20, polls: 120)], c => c.Polls, MaxGap);

        Assert.Equal([null, 120.0, 0.0], points.Select(p => p.Value));
    }

    [Fact]
    public void A_counter_that_went_down_restarted_from_zero()
    {
        // 500 before, 30 after: the counter was reset and counted 30 since.
        var points = CounterRates.Series([Samples.At(0, polls: 500), Samples.At(15, polls: 30)], c => c.Polls, MaxGap);

        Assert.Equal(120.0, points[1].Value);
        Assert.Equal(30, CounterRates.Increase([Samples.At(0, polls: 500), Samples.At(15, polls: 30)], c => c.Polls));
    }

    [Fact]
    public void After_a_gap_longer_than_the_limit_the_rate_is_unknown()
    {
        var points = CounterRates.Series([Samples.At(0, polls: 0), Samples.At(31, polls: 60), Samples.At(41, polls: 70)], c => c.Polls, MaxGap);

        Assert.Equal([null, null, 60.0], points.Select(p => p.Value));
    }

    [Fact]
    public void A_gap_at_the_limit_still_has_a_rate() =>
        Assert.Equal(2.0, CounterRates.PerMinute(Samples.Start, 0, Samples.Start + MaxGap, 1, MaxGap));

    [Fact]
    public void No_time_elapsed_is_no_rate()
    {
        Assert.Null(CounterRates.PerMinute(Samples.Start, 0, Samples.Start, 5, MaxGap));
        Assert.Null(CounterRates.PerMinute(Samples.Start.AddSeconds(1), 0, Samples.Start, 5, MaxGap));
        Assert.Null(CounterRates.PerMinute(null, 0, Samples.Start, 5, MaxGap));
    }

    [Fact]
    public void The_increase_counts_across_gaps_and_resets()
    {
        OverviewSample[] samples = [Samples.At(0, polls: 10), Samples.At(10, polls: 15), Samples.At(600, polls: 40), Samples.At(610, polls: 3)];

        Assert.Equal(5 + 25 + 3, CounterRates.Increase(samples, c => c.Polls));
    }

    [Fact]
    public void Nothing_or_one_sample_is_no_increase()
    {
        Assert.Equal(0, CounterRates.Increase([], c => c.Polls));
        Assert.Equal(0, CounterRates.Increase([Samples.At(0, polls: 99)], c => c.Polls));
    }
}
