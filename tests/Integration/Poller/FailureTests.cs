using System.Net.Http.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>Invalid answers, errors, timeouts and 429: no event, no state change, back-off, and manners.</summary>
[Collection("services")]
public sealed class FailureTests(ServicesFixture services) : PollerTestBase(services)
{
    public static TheoryData<string, StubAnswer, string> Failures() => new()
    {
        { "not JSON", new StubAnswer(Body: "<html>oops</html>"), "NotJson" },
        { "truncated JSON", new StubAnswer(Body: """{"token": {"uid": "X""" ), "NotJson" },
        { "another token's answer", new StubAnswer(Body: """{"token": {"uid": "T0F3DF9", "tradeinStatus": 5}}"""), "UidMismatch" },
        { "unknown status", new StubAnswer(Body: null, StatusCode: 200), "" },
        { "server error", new StubAnswer(StatusCode: 502, Body: "bad gateway"), "HTTP 502" },
        { "timeout", new StubAnswer(Delay: TimeSpan.FromSeconds(4)), "timeout" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_poll_yields_no_event_leaves_state_unchanged_and_backs_off(string name, StubAnswer answer, string error)
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 2);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "T 1* 2");
        if (error.Length == 0)
        {
            // An unknown status: a payload of the right shape with a status of 9.
            answer = answer with { Body = VendorPayload.Create(uid, 9, false, null, DateTimeOffset.UtcNow).ToJsonString() };
            error = "StatusOutOfRange";
        }

        var before = Vendor.RequestCount(uid);
        // The token moves on at the vendor, but the poller only gets the bad answers: nothing may come of them.
        Vendor.Set(uid, 4);
        Vendor.Script(uid, answer, answer);
        await Vendor.WaitForRequestsAsync(uid, before + 1, TimeSpan.FromSeconds(30));
        await EventuallyAsync(async () => await ScalarAsync<int>("SELECT failure_count FROM tracked_tokens WHERE uid = @uid", ("uid", uid)) >= 2, "two recorded failures");

        Assert.Equal(3L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(2, await ScalarAsync<int>("SELECT status FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(3L, await ScalarAsync<long>("SELECT last_sequence FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        Assert.Contains(error, await ScalarAsync<string>("SELECT last_error FROM tracked_tokens WHERE uid = @uid", ("uid", uid)), StringComparison.Ordinal);
        // Back-off: 1 s after the first failure, 2 s after the second (jitter is off in tests).
        var backoff = await ScalarAsync<TimeSpan>("SELECT next_poll_at - last_polled_at FROM tracked_tokens WHERE uid = @uid", ("uid", uid));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff);
        Assert.Equal(3, Sink.For(uid).Count);

        // And once the vendor answers properly again, the change comes through.
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 6, TimeSpan.FromSeconds(20), $"{name}: recovery to 4");
    }

    [Fact]
    public async Task Retry_after_holds_back_every_request_for_its_duration()
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var limited = NewUid();
        var other = NewUid();
        Vendor.Set(limited, 1);
        Vendor.Set(other, 1);
        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = new[] { new { uid = limited }, new { uid = other } } })).EnsureSuccessStatusCode();
        await Vendor.WaitForRequestsAsync(limited, 1, TimeSpan.FromSeconds(20));

        var before = Vendor.RequestCount(limited);
        Vendor.Script(limited, new StubAnswer(StatusCode: 429, RetryAfter: TimeSpan.FromSeconds(3)));
        await Vendor.WaitForRequestsAsync(limited, before, TimeSpan.FromSeconds(20));
        var limitedAt = Vendor.RequestTimes(limited)[before];
        await Vendor.WaitForRequestsAsync(limited, before + 1, TimeSpan.FromSeconds(20));

        Assert.True(Vendor.RequestTimes(limited)[before + 1] - limitedAt >= TimeSpan.FromSeconds(2.9), "the limited token was asked again too soon");
        // The vendor's limit is per client: the other token waited too.
        Assert.DoesNotContain(Vendor.RequestTimes(other), t => t > limitedAt.AddSeconds(0.1) && t < limitedAt.AddSeconds(2.9));
        Assert.Equal(0, Vendor.Overlaps);
    }
}
