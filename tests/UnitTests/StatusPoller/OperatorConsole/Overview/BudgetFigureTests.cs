using Tchek.Events.StatusPoller.Claim.Rules;
using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole.Overview;

/// <summary>The overview's request budget figure: the share of the daily budget used, from the shared bucket's charged total.</summary>
public sealed class BudgetFigureTests
{
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(30);

    // 86,400 a day with a bucket of 900 (a one-second refill of 0.99 polls).
    private static readonly RequestBudget PerSecond = RequestBudget.Of(86_400, TimeSpan.FromMinutes(15))!;

    private static OverviewSample At(double seconds, long? charged, int available = 0) =>
        Samples.At(seconds, database: new DatabaseFigures(0, 0, 0, TimeSpan.Zero, null) { Budget = charged is { } c ? new BudgetReading(c, available) : null });

    private static Figure Build(OverviewSample[] samples, RequestBudget? budget, double fromSeconds = 0) =>
        BudgetFigure.Build(samples, Samples.Start.AddSeconds(fromSeconds), budget, MaxGap);

    [Fact]
    public void Without_a_budget_it_says_so_and_charts_nothing()
    {
        var figure = Build([At(0, null), At(10, null)], budget: null);

        Assert.Equal(("budget", "no budget"), (figure.Key, figure.Now));
        Assert.Empty(figure.Chart);
    }

    [Fact]
    public void Before_the_bucket_is_read_nothing_is_measured()
    {
        var figure = Build([At(0, null)], PerSecond);

        Assert.Equal("not read yet", figure.Now);
        Assert.Empty(figure.Details);
    }

    [Fact]
    public void The_share_is_the_pace_of_polls_charged_against_the_daily_budget()
    {
        // 10 polls in 10 s: one a second, all of 86,400 a day (100%); then 5 in 10 s (50%).
        var figure = Build([At(0, 100), At(10, 110, available: 42), At(20, 115, available: 40)], PerSecond);

        Assert.Equal([null, 100.0, 50.0], figure.Chart.Select(p => p.Value is { } v ? Math.Round(v, 6) : (double?)null));
        // 15 polls in the last hour: 15 × 24 of 86,400 a day.
        Assert.Equal("0.4% of 86400 a day, at the last hour's pace", figure.Now);
        Assert.Equal(["15 polls charged in the last hour, all instances", "40 of 900 polls in the bucket (refilled at 3562.5 an hour)"], figure.Details);
    }

    [Fact]
    public void A_gap_or_an_unread_sample_breaks_the_line_and_a_new_row_counts_from_zero()
    {
        var figure = Build([At(0, 100), At(60, 160), At(70, null), At(80, 170), At(90, 5)], PerSecond);

        // 60 s apart (over the 30 s gap): no rate; around the unread sample: none; a lower total: the row is new.
        Assert.Equal([null, null, null, null, 50.0], figure.Chart.Select(p => p.Value is { } v ? Math.Round(v, 6) : (double?)null));
        Assert.Equal("65 polls charged in the last hour, all instances", figure.Details[0]);
    }

    [Fact]
    public void Only_the_window_is_charted_and_counted()
    {
        var figure = Build([At(0, 0), At(10, 100), At(20, 110)], PerSecond, fromSeconds: 15);

        Assert.Equal([Samples.Start.AddSeconds(20)], figure.Chart.Select(p => p.At));
        Assert.Equal("10 polls charged in the last hour, all instances", figure.Details[0]);
    }
}
