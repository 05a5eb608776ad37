using Tchek.Events.StatusPoller.OperatorConsole.Overview;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole.Overview;

/// <summary>The overview's figures from a sampled history.</summary>
public sealed class OverviewFiguresTests
{
    private const string Me = "host/1/abcd";
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(30);

    private static OverviewPage Build(OverviewSample[] history, TokenCounts? counts = null, DateTimeOffset? closedUntil = null, double nowSeconds = 20) =>
        OverviewFigures.Build(history, counts, closedUntil, Samples.Start.AddSeconds(nowSeconds), Me, MaxGap, status => $"status {status}");

    private static Figure Figure(OverviewPage page, string key) => page.Figures.Single(f => f.Key == key);

    [Fact]
    public void Every_figure_is_there_once_with_its_key()
    {
        var page = Build([]);

        Assert.Equal(["tokens", "polls", "events", "failed-polls", "throttled", "outbox", "relay", "budget"], page.Figures.Select(f => f.Key));
        Assert.Equal(Me, page.InstanceId);
    }

    [Fact]
    public void Before_any_sample_nothing_is_measured_yet()
    {
        var page = Build([]);

        Assert.Equal("not read yet", Figure(page, "tokens").Now);
        Assert.Equal("not measured yet", Figure(page, "polls").Now);
        Assert.Equal("not read yet", Figure(page, "relay").Now);
        Assert.All(page.Figures, f => Assert.DoesNotContain(f.Chart, p => p.Value is not null));
    }

    [Fact]
    public void Rates_are_per_minute_from_the_latest_samples_and_counts_are_for_the_last_hour()
    {
        var page = Build([
            Samples.At(0, polls: 10, events: 1, failed: new FailedPolls(1, 0, 0, 0)),
            Samples.At(10, polls: 30, events: 3, failed: new FailedPolls(2, 1, 0, 0)),
            Samples.At(20, polls: 40, events: 3, failed: new FailedPolls(2, 1, 1, 1))]);

        Assert.Equal("60 per minute", Figure(page, "polls").Now);
        Assert.Equal(["30 in the last hour"], Figure(page, "polls").Details);
        Assert.Equal("0 per minute", Figure(page, "events").Now);
        Assert.Equal("12 per minute", Figure(page, "failed-polls").Now);
        Assert.Equal(["1 vendor errors (error status, timeout, 429)", "1 invalid answers", "1 unknown to the vendor", "1 errors in the poller"],
            Figure(page, "failed-polls").Details);
        Assert.Equal("In the last hour, by kind:", Figure(page, "failed-polls").DetailsCaption);
        Assert.Equal([null, 120.0, 60.0], Figure(page, "polls").Chart.Select(p => p.Value));
    }

    [Fact]
    public void The_window_is_the_last_hour_and_its_first_rate_starts_from_the_sample_before_it()
    {
        var nowSeconds = 3600 + 20;
        var page = Build([Samples.At(0, polls: 0), Samples.At(10, polls: 5), Samples.At(20, polls: 10), Samples.At(30, polls: 20)], nowSeconds: nowSeconds);

        // Samples at 20 and 30 are in [now - 1 h, now]; the one at 20 has its rate from the one at 10.
        Assert.Equal([30.0, 60.0], Figure(page, "polls").Chart.Select(p => p.Value));
        Assert.Equal(["15 in the last hour"], Figure(page, "polls").Details);
        Assert.Equal(Samples.Start.AddSeconds(20), page.From);
    }

    [Fact]
    public void Tokens_are_counted_tracked_and_stopped_by_status_in_words()
    {
        var counts = new TokenCounts(new Dictionary<int, long> { [3] = 1, [-1] = 2, [0] = 4 }, new Dictionary<int, long> { [5] = 3 });

        var tokens = Figure(Build([Samples.At(0, database: new DatabaseFigures(7, 0, 0, TimeSpan.Zero, null))], counts), "tokens");

        Assert.Equal("7 tracked, 3 stopped", tokens.Now);
        Assert.Equal(["2 tracked: status -1", "4 tracked: status 0", "1 tracked: status 3", "3 stopped: status 5"], tokens.Details);
        Assert.Equal([7.0], tokens.Chart.Select(p => p.Value));
    }

    [Fact]
    public void Past_the_latest_stopped_counted_the_figure_says_more()
    {
        var counts = new TokenCounts(new Dictionary<int, long>(), new Dictionary<int, long> { [5] = 9_000, [0] = 1_000 }, MoreStopped: true);

        var tokens = Figure(Build([], counts), "tokens");

        Assert.Equal("0 tracked, more than 10000 stopped", tokens.Now);
        Assert.Equal(["1000 of the latest stopped: status 0", "9000 of the latest stopped: status 5"], tokens.Details);
    }

    [Fact]
    public void The_hold_is_the_live_one_and_429s_are_counted()
    {
        var page = Build([Samples.At(0, throttled: 1), Samples.At(10, throttled: 4)], closedUntil: Samples.Start.AddSeconds(62));

        Assert.Equal("Retry-After hold: 42 s left", Figure(page, "throttled").Now);
        Assert.Equal(["3 answers 429 in the last hour"], Figure(page, "throttled").Details);
        Assert.Equal("Retry-After hold: none", Figure(Build([], closedUntil: Samples.Start), "throttled").Now);
    }

    [Fact]
    public void The_outbox_shows_its_latest_backlog_and_the_charts_break_where_the_database_was_unread()
    {
        var page = Build([
            Samples.At(0, database: new DatabaseFigures(1, 0, 5, TimeSpan.FromSeconds(3), Me)),
            Samples.At(10),
            Samples.At(20, database: new DatabaseFigures(1, 0, 12, TimeSpan.FromSeconds(75), "other/2/ffff"))]);

        Assert.Equal("12 events waiting, the oldest for 1 min 15 s", Figure(page, "outbox").Now);
        Assert.Equal([5.0, null, 12.0], Figure(page, "outbox").Chart.Select(p => p.Value));
        Assert.Equal("held by other/2/ffff", Figure(page, "relay").Now);
    }

    [Theory]
    [InlineData(Me, "held by host/1/abcd (this instance)")]
    [InlineData(null, "held by no instance")]
    public void The_relay_holder_is_named(string? holder, string expected)
    {
        var page = Build([Samples.At(0, database: new DatabaseFigures(0, 0, 0, TimeSpan.Zero, holder))]);

        Assert.Equal(expected, Figure(page, "relay").Now);
        Assert.Equal("empty: every event is published", Figure(page, "outbox").Now);
    }

    [Fact]
    public void Per_instance_figures_say_so()
    {
        var page = Build([]);

        Assert.Equal(["polls", "events", "failed-polls", "throttled"], page.Figures.Where(f => f.PerInstance).Select(f => f.Key));
    }

    [Theory]
    [InlineData(10, 361)]
    [InlineData(1, 3601)]
    [InlineData(7, 516)]
    [InlineData(300, 13)]
    public void The_ring_holds_an_hour_of_samples_and_one_more(int intervalSeconds, int capacity)
    {
        Assert.Equal(capacity, OverviewFigures.Capacity(TimeSpan.FromSeconds(intervalSeconds)));
        Assert.Equal(TimeSpan.FromSeconds(intervalSeconds * 3), OverviewFigures.MaxGap(TimeSpan.FromSeconds(intervalSeconds)));
    }
}
