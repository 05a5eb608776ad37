using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole.Overview;

/// <summary>The SVG path of a sparkline 100 wide and 20 high over one minute, and its text alternative.</summary>
public sealed class SparklineTests
{
    private static readonly DateTimeOffset From = Samples.Start;
    private static readonly DateTimeOffset To = Samples.Start.AddMinutes(1);

    private static ChartPoint P(double seconds, double? value) => new(From.AddSeconds(seconds), value);

    private static string Path(params ChartPoint[] points) => Sparkline.Path(points, From, To, 100, 20);

    [Fact]
    public void No_points_or_only_unknown_values_draw_nothing()
    {
        Assert.Equal("", Path());
        Assert.Equal("", Path(P(0, null), P(30, null)));
    }

    [Fact]
    public void One_point_is_a_dot()
    {
        // Zero-length: with round caps, a dot. A value alone is the top of its own scale.
        Assert.Equal("M30 1.5h0", Path(P(18, 7)));
    }

    [Fact]
    public void A_flat_line_of_zeros_lies_on_the_bottom()
    {
        Assert.Equal("M0 18.5L50 18.5L100 18.5", Path(P(0, 0), P(30, 0), P(60, 0)));
    }

    [Fact]
    public void A_flat_line_above_zero_lies_on_the_top()
    {
        Assert.Equal("M0 1.5L100 1.5", Path(P(0, 4), P(60, 4)));
    }

    [Fact]
    public void Values_scale_from_zero_to_the_highest()
    {
        // 0 on the bottom (20 - 1.5), 10 on the top (1.5), 5 halfway (10).
        Assert.Equal("M0 18.5L50 10L100 1.5", Path(P(0, 0), P(30, 5), P(60, 10)));
    }

    [Fact]
    public void The_scale_starts_at_zero_even_when_every_value_is_higher()
    {
        Assert.Equal("M0 10L100 1.5", Path(P(0, 50), P(60, 100)));
    }

    [Fact]
    public void Negative_values_extend_the_scale_down()
    {
        Assert.Equal("M0 18.5L100 1.5", Path(P(0, -2), P(60, 0)));
    }

    [Fact]
    public void An_unknown_value_breaks_the_line_and_a_point_left_alone_is_a_dot()
    {
        Assert.Equal("M0 18.5L25 10M75 1.5h0", Path(P(0, 0), P(15, 5), P(30, null), P(45, 10)));
    }

    [Fact]
    public void Points_outside_the_window_are_pinned_to_its_edges()
    {
        Assert.Equal("M0 1.5L100 1.5", Path(P(-30, 1), P(90, 1)));
    }

    [Fact]
    public void An_empty_window_draws_nothing() =>
        Assert.Equal("", Sparkline.Path([P(0, 1)], From, From, 100, 20));

    [Fact]
    public void The_text_alternative_says_the_range_and_the_latest_value()
    {
        Assert.Equal("polls per minute, last hour: min 0, max 120, now 80",
            Sparkline.Describe("polls per minute", [P(0, null), P(10, 0), P(20, 120), P(30, 80), P(40, null)]));
        Assert.Equal("polls per minute, last hour: no data yet", Sparkline.Describe("polls per minute", [P(0, null)]));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(120, "120")]
    [InlineData(2.25, "2.3")]
    [InlineData(1.96, "2")]
    [InlineData(0.04, "0")]
    public void Values_are_written_whole_or_with_one_decimal(double value, string expected) =>
        Assert.Equal(expected, Sparkline.Format(value));
}
