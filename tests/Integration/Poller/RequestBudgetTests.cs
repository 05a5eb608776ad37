using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// <c>Tchek:RequestBudgetPerDay</c> through the real poller, real PostgreSQL and the stub vendor:
/// a small budget (a few polls a second, said per day) and many more tokens due than it allows.
/// The vendor sees no more than the budget over the test, one poller or two together, and the
/// budget goes to the tokens whose poll is worth most first.
/// </summary>
[Collection("services")]
public sealed class RequestBudgetTests(ServicesFixture services) : PollerTestBase(services)
{
    private const int PerSecond = 4;

    // 4 a second, and a bucket of one second's worth: 4 polls at once, then 4 a second.
    private static Dictionary<string, string?> Budget(int perSecond = PerSecond, string? unopenedInterval = null) => new()
    {
        ["Tchek:RequestBudgetPerDay"] = (perSecond * 86_400).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tchek:RequestBudgetBurst"] = "00:00:01",
        ["Polling:UnopenedInterval"] = unopenedInterval ?? "00:00:00.500",
    };

    [Fact]
    public async Task The_vendor_sees_no_more_than_the_budget_allows()
    {
        var started = DateTimeOffset.UtcNow;
        await using var app = StartApp(Budget());
        var uids = await TrackDueAsync(30);

        // 30 tokens due every 0.5 s want 60 polls a second: the budget allows 4.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var polls = PollTimes(uids);
        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;

        AssertWithinBudget(polls, elapsed, PerSecond);
        // And it is spent: at least half the rate since the first poll (a loaded machine is slower).
        Assert.True(polls.Count >= (polls[^1] - polls[0]).TotalSeconds * PerSecond / 2, $"{polls.Count} polls in {(polls[^1] - polls[0]).TotalSeconds:F1} s");
        Assert.True(await ScalarAsync<long>("SELECT charged FROM request_budgets") >= polls.Count);
    }

    [Fact]
    public async Task High_priority_tokens_are_polled_before_low_priority_ones()
    {
        // Polled tokens are not due again during the test: the order is the budget's alone.
        await using var app = StartApp(Budget(perSecond: 2, unopenedInterval: "01:00:00"));
        var now = DateTimeOffset.UtcNow;
        var high = Enumerable.Range(0, 8).Select(_ => NewUid()).ToList();
        var low = Enumerable.Range(0, 24).Select(_ => NewUid()).ToList();
        foreach (var uid in high.Concat(low))
        {
            Vendor.Set(uid, 0);
        }

        // High: planned every 5 s, unpolled for 10 min (priority 120). Low: planned hourly, unpolled
        // for 10 min (0.17), and due earlier: first-due-first would poll every low one first.
        await ExecuteAsync("""
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, last_polled_at, poll_interval,
                                        failure_count, lease_version, created_at, updated_at)
            SELECT uid, 0, 0, 0, false, @now - CASE WHEN high THEN interval '1 minute' ELSE interval '5 minutes' END,
                   @now - interval '10 minutes', CASE WHEN high THEN interval '5 seconds' ELSE interval '1 hour' END,
                   0, 0, @now - interval '1 hour', @now - interval '1 hour'
            FROM unnest(@uids, @high) AS t(uid, high)
            """, ("now", now), ("uids", high.Concat(low).ToArray()), ("high", high.Select(_ => true).Concat(low.Select(_ => false)).ToArray()));

        await EventuallyAsync(() => low.Count(uid => Vendor.RequestCount(uid) > 0) >= 4, "four low-priority tokens polled", TimeSpan.FromSeconds(40));
        var order = high.Concat(low).Where(uid => Vendor.RequestCount(uid) > 0).OrderBy(uid => Vendor.RequestTimes(uid)[0]).ToList();

        Assert.Equal(high.ToHashSet(), order.Take(high.Count).ToHashSet());
        Assert.All(high, uid => Assert.Equal(1, Vendor.RequestCount(uid)));
    }

    [Fact]
    public async Task Two_pollers_on_one_database_stay_within_one_budget()
    {
        var started = DateTimeOffset.UtcNow;
        await using var first = StartApp(Budget());
        await using var second = StartApp(Budget());
        var uids = await TrackDueAsync(30);

        await Task.Delay(TimeSpan.FromSeconds(8));
        // Both take part: the last claim of each token names its instance. Each grant goes to whichever instance claims
        // first once the bucket refills, so on a loaded machine (CI's, once) one may win every grant of the first
        // seconds: give the other time; the budget is checked over the whole run either way.
        await EventuallyAsync(
            async () => await ScalarAsync<long>("SELECT count(DISTINCT lease_owner) FROM tracked_tokens WHERE lease_owner IS NOT NULL") == 2,
            "both pollers claiming",
            TimeSpan.FromSeconds(30));
        var polls = PollTimes(uids);
        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;

        AssertWithinBudget(polls, elapsed, PerSecond);
        Assert.Equal(0, Vendor.Overlaps);
    }

    // Tokens due now, known to the vendor; straight into the table (the API would add nothing here).
    private async Task<List<string>> TrackDueAsync(int count)
    {
        await ExecuteAsync("TRUNCATE tracked_tokens, token_events");
        var uids = Enumerable.Range(0, count).Select(_ => NewUid()).ToList();
        foreach (var uid in uids)
        {
            Vendor.Set(uid, 0);
        }

        await ExecuteAsync("""
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT uid, 0, 0, 0, false, now(), 0, 0, now(), now() FROM unnest(@uids) AS uid
            """, ("uids", uids.ToArray()));
        return uids;
    }

    private List<DateTimeOffset> PollTimes(IEnumerable<string> uids) => [.. uids.SelectMany(Vendor.RequestTimes).Order()];

    // The bucket starts full at the first claim, after the start: no more than it, plus the refill
    // since the start, ever. And no 2 s see more than a bucket and 2 s of refill, with half a second
    // of slack for a claim's requests to reach the vendor after it took from the bucket.
    private static void AssertWithinBudget(List<DateTimeOffset> polls, double elapsedSeconds, int perSecond)
    {
        Assert.NotEmpty(polls);
        Assert.True(polls.Count <= perSecond + perSecond * elapsedSeconds, $"{polls.Count} polls in {elapsedSeconds:F1} s, budget {perSecond}/s");
        for (var i = 0; i < polls.Count; i++)
        {
            var inWindow = polls.Skip(i).TakeWhile(t => t - polls[i] <= TimeSpan.FromSeconds(2)).Count();
            Assert.True(inWindow <= perSecond + perSecond * 2.5, $"{inWindow} polls in the 2 s from {polls[i]:HH:mm:ss.fff}");
        }
    }
}
