using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Tokens.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Tokens;

public sealed class StalenessTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly PollingOptions Options = new()
    {
        UnopenedInterval = TimeSpan.FromMinutes(5),
        ActiveInterval = TimeSpan.FromSeconds(30),
        CompletedInterval = TimeSpan.FromMinutes(10),
    };

    [Theory]
    // status, progress, seconds since the last success → stale; twice the stage's interval is the limit
    [InlineData(0, 0, 600, false)]
    [InlineData(0, 0, 601, true)]
    [InlineData(6, 0, 60, false)] // a chase-up before opening polls at the active interval
    [InlineData(6, 0, 61, true)]
    [InlineData(1, 1, 60, false)]
    [InlineData(1, 1, 61, true)]
    [InlineData(4, 4, 61, true)]
    [InlineData(5, 5, 1200, false)]
    [InlineData(5, 5, 1201, true)]
    [InlineData(3, 5, 1201, true)] // back below completion: still polled at the completed interval
    public void A_tracked_token_is_stale_when_its_last_success_is_older_than_twice_its_stage_interval(int status, int progress, int seconds, bool stale)
    {
        var token = new FreshnessFacts(Tracking: true, status, progress, Now.AddSeconds(-seconds), Now.AddDays(-1));

        Assert.Equal(stale, Staleness.IsStale(token, Now, Options));
    }

    [Theory]
    // status, progress, stored interval, seconds since the last success → stale: the stored interval wins over the stage's
    [InlineData(5, 5, 7200, 14400, false)] // Adaptive's completed ceiling: 4 h without a poll is not yet stale
    [InlineData(5, 5, 7200, 14401, true)]
    [InlineData(2, 2, 5, 10, false)] // just after a change, at the floor: stale sooner than Fixed's 30 s would say
    [InlineData(2, 2, 5, 11, true)]
    public void A_stored_interval_is_what_staleness_is_judged_by(int status, int progress, int intervalSeconds, int seconds, bool stale)
    {
        var token = new FreshnessFacts(Tracking: true, status, progress, Now.AddSeconds(-seconds), Now.AddDays(-1), TimeSpan.FromSeconds(intervalSeconds));

        Assert.Equal(stale, Staleness.IsStale(token, Now, Options));
    }

    [Theory]
    [InlineData(60, false)]
    [InlineData(61, true)]
    public void A_token_never_polled_successfully_counts_from_when_it_was_tracked_at_the_active_interval(int seconds, bool stale)
    {
        var token = new FreshnessFacts(Tracking: true, Status: null, Progress: 0, LastSuccessAt: null, TrackedSince: Now.AddSeconds(-seconds));

        Assert.Equal(stale, Staleness.IsStale(token, Now, Options));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void A_stopped_token_is_never_stale(int? status)
    {
        var token = new FreshnessFacts(Tracking: false, status, status ?? 0, Now.AddYears(-1), Now.AddYears(-1));

        Assert.False(Staleness.IsStale(token, Now, Options));
    }
}
