using System.Net;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Api.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Api;

/// <summary>The throttle on wrong keys (API and console sign-in): max failures per address and window, then a wait until the oldest that counts leaves it.</summary>
public sealed class FailedKeyThrottleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static DateTimeOffset[] SecondsAgo(params int[] seconds) => [.. seconds.Select(s => Now.AddSeconds(-s))];

    public static TheoryData<string, int[], int, bool, int> Cases() => new()
    {
        // name, failures (seconds ago), max, allowed, retry after (s)
        { "no failure", [], 5, true, 0 },
        { "one fewer than max", [10, 20, 30, 40], 5, true, 0 },
        { "max failures: refused until the oldest leaves", [10, 20, 30, 40, 50], 5, false, 250 },
        { "more than max: until enough have left", [10, 20, 30, 40, 50, 60], 5, false, 250 },
        { "old failures do not count", [10, 20, 30, 40, 300, 400], 5, true, 0 },
        { "a failure exactly a window ago no longer counts", [10, 20, 30, 40, 300], 5, true, 0 },
        { "a failure a second inside the window counts", [10, 20, 30, 40, 299], 5, false, 1 },
        { "max 1: one failure refuses", [100], 1, false, 200 },
        { "just now: the whole window", [0, 0, 0, 0, 0], 5, false, 300 },
        { "order does not matter", [50, 10, 40, 20, 30], 5, false, 250 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(string name, int[] failures, int max, bool allowed, int retryAfter)
    {
        var verdict = FailedKeyThrottle.Decide(SecondsAgo(failures), Now, max, Window);

        Assert.True(allowed == verdict.Allowed, name);
        Assert.Equal(TimeSpan.FromSeconds(retryAfter), verdict.RetryAfter);
    }

    [Fact]
    public void Failures_in_the_future_do_not_count()
    {
        // A clock stepped back must not lock anyone out for longer than the window.
        Assert.True(FailedKeyThrottle.Decide([Now.AddMinutes(1), Now.AddMinutes(2)], Now, 2, Window).Allowed);
    }

    [Fact]
    public void Once_the_wait_is_over_the_next_attempt_is_allowed()
    {
        var failures = SecondsAgo(10, 20, 30);
        var refused = FailedKeyThrottle.Decide(failures, Now, 3, Window);

        Assert.False(refused.Allowed);
        Assert.False(FailedKeyThrottle.Decide(failures, Now + refused.RetryAfter - TimeSpan.FromTicks(1), 3, Window).Allowed);
        Assert.True(FailedKeyThrottle.Decide(failures, Now + refused.RetryAfter, 3, Window).Allowed);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.1, 2)]
    [InlineData(249.5, 250)]
    public void Retry_after_is_whole_seconds_rounded_up(double seconds, int header)
    {
        Assert.Equal(header, new ThrottleVerdict(false, TimeSpan.FromSeconds(seconds)).RetryAfterSeconds);
    }

    [Fact]
    public void An_allowed_attempt_has_no_retry_after()
    {
        Assert.Equal(0, ThrottleVerdict.Allow.RetryAfterSeconds);
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FailedKeyThrottle.Decide([], Now, 0, Window));
        Assert.Throws<ArgumentOutOfRangeException>(() => FailedKeyThrottle.Decide([], Now, 5, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(300, false)]
    [InlineData(3600, false)]
    public void Counts_says_which_failures_to_keep(int secondsAgo, bool kept)
    {
        Assert.Equal(kept, FailedKeyThrottle.Counts(Now.AddSeconds(-secondsAgo), Now, Window));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_address_counts_as_itself_and_an_ipv6_address_by_its_64(string address, string partition)
    {
        Assert.Equal(partition, ClientFailures.Partition(IPAddress.Parse(address)));
    }

    [Fact]
    public void No_address_is_one_partition()
    {
        Assert.Equal("unknown", ClientFailures.Partition(null));
    }
}
