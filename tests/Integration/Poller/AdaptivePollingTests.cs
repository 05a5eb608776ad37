using System.Net.Http.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The schedule policy through the real poller (issue #15): under Adaptive the vendor sees the gaps
/// between requests grow geometrically while nothing changes and fall back to the floor after a
/// change; under either policy the row keeps the planned interval, which a failed poll leaves alone.
/// Jitter is off in tests, so the planned intervals are exact.
/// </summary>
[Collection("services")]
public sealed class AdaptivePollingTests(ServicesFixture services) : PollerTestBase(services)
{
    // Longer than any gap's overhead (the claim loop's idle delay, a request, a write), shorter than the next step.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(350);

    private static readonly Dictionary<string, string?> Adaptive = new()
    {
        ["Polling:Policy"] = "Adaptive",
        ["Polling:Adaptive:Growth"] = "2",
        ["Polling:Adaptive:Shooting:Floor"] = "00:00:00.200",
        ["Polling:Adaptive:Shooting:Ceiling"] = "00:00:01.600",
        ["Polling:Adaptive:AwaitingValidation:Floor"] = "00:00:00.500",
        ["Polling:Adaptive:AwaitingValidation:Ceiling"] = "00:00:01.600",
    };

    [Fact]
    public async Task Quiet_polls_back_off_geometrically_to_the_ceiling_and_a_change_brings_back_the_floor()
    {
        await using var app = StartApp(Adaptive);
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 2);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();

        // The first poll sees the token (a change): 0.2 s; then nothing changes: 0.4, 0.8, 1.6, 1.6.
        await Vendor.WaitForRequestsAsync(uid, 6, TimeSpan.FromSeconds(30));
        AssertGaps(Vendor.RequestTimes(uid).Take(6).ToList(), 0.2, 0.4, 0.8, 1.6, 1.6);
        Assert.Equal(TimeSpan.FromSeconds(1.6), await PollIntervalAsync(uid));

        // Pictures completed: the poll that sees it plans the new stage's floor, and quiet polls grow from there.
        var before = Vendor.RequestCount(uid);
        Vendor.Set(uid, 3);
        await EventuallyAsync(async () => await PollIntervalAsync(uid) == TimeSpan.FromSeconds(0.5), "the AwaitingValidation floor in the row");
        await Vendor.WaitForRequestsAsync(uid, before + 4, TimeSpan.FromSeconds(30));
        var sinceChange = Vendor.RequestTimes(uid).Skip(before).Take(4).ToList();
        AssertGaps(sinceChange, 0.5, 1.0, 1.6);
        Assert.Equal(3, await ScalarAsync<int>("SELECT status FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
    }

    [Fact]
    public async Task Fixed_stores_the_stage_interval_and_a_failed_poll_leaves_it_unchanged()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Polling:ActiveInterval"] = "00:00:00.700" });
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => await PollIntervalAsync(uid) == TimeSpan.FromSeconds(0.7), "the active interval in the row");

        Vendor.Script(uid, new StubAnswer(StatusCode: 502, Body: "bad gateway"));
        await EventuallyAsync(async () => await ScalarAsync<int>("SELECT failure_count FROM tracked_tokens WHERE uid = @uid", ("uid", uid)) == 1, "the failure recorded");

        Assert.Equal(TimeSpan.FromSeconds(0.7), await PollIntervalAsync(uid));
        // The failure backs off (Polling:FailureBackoff, 1 s in tests), not by the stored interval.
        Assert.Equal(TimeSpan.FromSeconds(1), await ScalarAsync<TimeSpan>("SELECT next_poll_at - last_polled_at FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
    }

    private async Task<TimeSpan?> PollIntervalAsync(string uid)
    {
        var value = await ScalarAsync<object>("SELECT poll_interval FROM tracked_tokens WHERE uid = @uid", ("uid", uid));
        return value is TimeSpan interval ? interval : null;
    }

    // Each gap is at least its planned interval (the next poll is planned after the answer came) and
    // not much more: 0.2 s and 0.4 s apart, and 1.6 s is never reached early.
    private static void AssertGaps(List<DateTimeOffset> requests, params double[] seconds)
    {
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b - a).ToList();
        var described = string.Join(", ", gaps.Select(g => $"{g.TotalSeconds:0.000}"));
        for (var i = 0; i < seconds.Length; i++)
        {
            var planned = TimeSpan.FromSeconds(seconds[i]);
            Assert.True(gaps[i] >= planned - TimeSpan.FromMilliseconds(20) && gaps[i] <= planned + Slack,
                $"gap {i} should be about {planned.TotalSeconds} s; the gaps were {described}");
        }
    }
}
