using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.OperatorConsole;
using Tchek.Events.StatusPoller.UpstreamHealth;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

public sealed class UpstreamHealthTextTests
{
    private static readonly DateTimeOffset Checked = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);

    private static readonly UpstreamFigures Figures = new()
    {
        Window = TimeSpan.FromMinutes(2),
        Polls = 40,
        FailedPolls = 30,
        FailedRatio = 0.75,
        FailedRatioThreshold = 0.5,
        MinimumPolls = 10,
        RetryAfterHoldThreshold = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public void Before_the_first_check_it_says_so_rather_than_healthy() =>
        Assert.Equal("not checked yet", UpstreamHealthText.Headline(UpstreamHealthStatus.Unknown));

    [Fact]
    public void A_checked_vendor_without_an_open_episode_is_healthy() =>
        Assert.Equal("healthy", UpstreamHealthText.Headline(new UpstreamHealthStatus(false, null, null, null, Figures, false, Checked)));

    [Theory]
    [InlineData(UpstreamDegradationCauses.FailedPolls, "too many failed polls")]
    [InlineData(UpstreamDegradationCauses.RetryAfterHold, "the vendor asked us to hold off (Retry-After)")]
    [InlineData("SomethingNew", "SomethingNew")]
    public void An_open_episode_says_since_when_and_why(string cause, string words)
    {
        var since = Checked.AddMinutes(-5);
        var headline = UpstreamHealthText.Headline(new UpstreamHealthStatus(true, Guid.NewGuid(), cause, since, Figures, true, Checked));

        Assert.Equal($"degraded since {ConsoleText.Time(since)}: {words}", headline);
    }

    [Fact]
    public void The_figures_give_the_window_the_counts_and_the_thresholds_and_who_decides()
    {
        var deciding = UpstreamHealthText.Figures(new UpstreamHealthStatus(false, null, null, null, Figures, true, Checked));
        var held = UpstreamHealthText.Figures(new UpstreamHealthStatus(
            true, Guid.NewGuid(), UpstreamDegradationCauses.RetryAfterHold, Checked, Figures with { RetryAfterHold = TimeSpan.FromSeconds(90) }, false, Checked));

        Assert.StartsWith("this instance, last 2 min: 30 of 40 polls failed (75%; degraded above 50% with at least 10 polls)", deciding.Replace(" %", "%", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.EndsWith("This instance decides (it holds the outbox relay).", deciding, StringComparison.Ordinal);
        Assert.Contains("a Retry-After hold of 90 s (degraded above 60 s)", held, StringComparison.Ordinal);
        Assert.EndsWith("The instance holding the outbox relay decides.", held, StringComparison.Ordinal);
    }
}
