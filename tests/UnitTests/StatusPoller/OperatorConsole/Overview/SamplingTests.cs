using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole.Overview;

/// <summary>Raw readings into a sample: the poll counter's outcomes by kind, and the hold left.</summary>
public sealed class SamplingTests
{
    [Fact]
    public void Polls_count_every_outcome_but_an_untrack_and_failures_go_by_kind()
    {
        var totals = CounterTotals.From(new Dictionary<string, long>
        {
            ["unchanged"] = 50, ["changed"] = 7, ["invalid"] = 2, ["not_found"] = 3, ["failed"] = 5, ["error"] = 1, ["untracked"] = 4,
        }, events: 9, throttled: 2);

        Assert.Equal(new CounterTotals(68, 9, 2, new FailedPolls(Vendor: 5, Invalid: 2, NotFound: 3, Error: 1)), totals);
        Assert.Equal(11, totals.Failed.Total);
    }

    [Fact]
    public void An_outcome_this_code_does_not_know_still_counts_as_a_poll()
    {
        var totals = CounterTotals.From(new Dictionary<string, long> { ["unchanged"] = 1, ["someday"] = 2 }, 0, 0);

        Assert.Equal(3, totals.Polls);
        Assert.Equal(0, totals.Failed.Total);
    }

    [Fact]
    public void No_poll_yet_is_zero() =>
        Assert.Equal(CounterTotals.Zero, CounterTotals.From(new Dictionary<string, long>(), 0, 0));

    [Theory]
    [InlineData(null, 0)]
    [InlineData(-5.0, 0)]
    [InlineData(0.0, 0)]
    [InlineData(42.0, 42)]
    public void The_hold_is_what_is_left_of_the_retry_after(double? closedInSeconds, double expectedSeconds)
    {
        var closedUntil = closedInSeconds is { } s ? Samples.Start.AddSeconds(s) : (DateTimeOffset?)null;

        var sample = OverviewSample.Take(Samples.Start, CounterTotals.Zero, closedUntil, null);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), sample.RetryAfterHold);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(0.2, "1 s")]
    [InlineData(59, "59 s")]
    [InlineData(60, "1 min")]
    [InlineData(185, "3 min 5 s")]
    [InlineData(3600, "1 h")]
    [InlineData(7380, "2 h 3 min")]
    [InlineData(-3, "0 s")]
    public void Durations_read_in_words(double seconds, string expected) =>
        Assert.Equal(expected, Durations.Words(TimeSpan.FromSeconds(seconds)));
}
