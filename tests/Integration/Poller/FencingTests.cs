using System.Net.Http.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>A poller that lost its claim (paused, partitioned) cannot write state or events.</summary>
[Collection("services")]
public sealed class FencingTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task A_poll_whose_claim_was_lost_writes_nothing_and_publishes_nothing()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Polling:LeaseDuration"] = "00:00:03" });
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid), TimeSpan.FromSeconds(20), "TokenTracked");

        // One slow answer showing progress; while it is under way, another writer takes the token
        // (what a second instance does once the lease has run out).
        var before = Vendor.RequestCount(uid);
        Vendor.Script(uid, new StubAnswer(Body: VendorPayload.Create(uid, 3, false, null, DateTimeOffset.UtcNow).ToJsonString(), Delay: TimeSpan.FromSeconds(1.5)));
        await EventuallyAsync(() => Vendor.PendingScripted(uid) == 0 && Vendor.InFlight(uid) > 0, "the slow request to start");
        Assert.Equal(1, await ExecuteAsync("UPDATE tracked_tokens SET lease_version = lease_version + 1 WHERE uid = @uid", ("uid", uid)));
        await Vendor.WaitForRequestsAsync(uid, before, TimeSpan.FromSeconds(10));
        await EventuallyAsync(async () => (await api.GetStringAsync("/metrics")).Contains("tchek_claims_lost_total", StringComparison.Ordinal), "the refused write");

        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(0, await ScalarAsync<int>("SELECT status FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(0, await ScalarAsync<int>("SELECT progress FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));

        // The token is polled again after its lease: the vendor still says 0, so nothing is invented;
        // then real progress comes through once, numbered after what was stored.
        await Vendor.WaitForRequestsAsync(uid, before + 2, TimeSpan.FromSeconds(20));
        Assert.Single(Sink.For(uid));
        await StepAsync(uid, 3);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 5, TimeSpan.FromSeconds(20), "S 1* 2* 3");
        Assert.Equal([1L, 2, 3, 4, 5], Sink.For(uid).Select(r => r.Event.Sequence));
    }
}
