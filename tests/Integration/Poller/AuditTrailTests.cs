using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Api;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The audit trail through the API and the bus: each action once, with its actor, channel and
/// outcome; refused keys without the key; <c>GET /audit</c> paged and closed to callers without a
/// key; retention deleting old entries only; erasure forgetting the personal detail.
/// </summary>
[Collection("services")]
public sealed class AuditTrailTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly string Actor = "key:" + ApiKeyRing.Fingerprint(PollerSettings.ApiKey);

    [Fact]
    public async Task Each_api_action_is_recorded_once_with_its_actor_channel_and_outcome()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Polling:UnopenedInterval"] = "00:10:00" });
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/tokens", new { uid, externalReference = "lead-7" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/tokens", new { uid })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/replay?fromSequence=1&toSequence=5", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/tokens/{uid}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);

        var entries = (await PageAsync(api, $"/audit?uid={uid}")).Items;
        Assert.Equal(
            [("track", "created"), ("track", "already-tracked"), ("replay", "replayed"), ("untrack", "untracked"), ("erase", "erased")],
            entries.AsEnumerable().Reverse().Select(e => (e.Action, e.Outcome)));
        Assert.All(entries, e => Assert.Equal((Actor, "api"), (e.Actor, e.Channel)));
        // The erasure forgot the external reference the track recorded; the replay's range went with it.
        Assert.All(entries, e => Assert.Null(e.Detail));
    }

    [Fact]
    public async Task A_refused_key_is_recorded_without_the_key()
    {
        await using var app = StartApp();
        using var client = app.CreateClient();
        const string wrong = "wrong-key-abcdefghijklmnopqrstuvwxyz-0123";
        client.DefaultRequestHeaders.Add("X-Api-Key", wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/tokens")).StatusCode);

        using var api = app.CreateApiClient();
        var entry = Assert.Single((await PageAsync(api, "/audit?action=key-refused")).Items);
        Assert.Equal(("unknown-key", "api", "refused", "GET /tokens"), (entry.Actor, entry.Channel, entry.Outcome, entry.Detail));
        var raw = await ScalarAsync<string>("SELECT string_agg(concat_ws('|', actor, channel, action, uid, detail, outcome, client_address), E'\\n') FROM audit_log");
        Assert.DoesNotContain(wrong, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong[..12], raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_key_is_recorded_by_its_configured_name()
    {
        await using var app = StartApp(new Dictionary<string, string?>(ApiScopeTests.ScopedClients()) { ["Polling:UnopenedInterval"] = "00:10:00" });
        using var client = app.CreateClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);

        using var tracked = await ApiScopeTests.SendAsync(client, HttpMethod.Post, "/tokens", $$"""{"uid":"{{uid}}"}""", ApiScopeTests.KeyOf("track"));
        Assert.Equal(HttpStatusCode.Created, tracked.StatusCode);

        using var read = await ApiScopeTests.SendAsync(client, HttpMethod.Get, $"/audit?uid={uid}", null, ApiScopeTests.KeyOf("admin"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var entry = Assert.Single((await read.Content.ReadFromJsonAsync<AuditPageView>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!.Items);
        Assert.Equal(("track-client", "api", "created"), (entry.Actor, entry.Channel, entry.Outcome));
    }

    [Fact]
    public async Task Refused_keys_behind_the_proxy_are_recorded_once_each_with_the_forwarded_address_and_throttled_ones_not_at_all()
    {
        await using var app = Own(new PollerApp(
            Settings(new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = TestPeer.Proxy, ["Api:MaxFailedKeyChecks"] = "2" }),
            web => web.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new TestPeer()))).Started());
        using var client = app.CreateClient();
        const string wrong = "wrong-key-abcdefghijklmnopqrstuvwxyz-0123";
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var answer = await ApiScopeTests.SendAsync(client, HttpMethod.Get, "/tokens", null, wrong, r => r.Headers.Add("X-Forwarded-For", "203.0.113.7"));
            answers.Add(answer.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)], answers);
        using var api = app.CreateApiClient();
        var entries = (await PageAsync(api, "/audit?action=key-refused")).Items;
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("unknown-key", "refused", "203.0.113.7"), (e.Actor, e.Outcome, e.ClientAddress)));
        Assert.StartsWith("GET /tokens; address throttled for ", entries[0].Detail, StringComparison.Ordinal);
        Assert.Equal("GET /tokens", entries[1].Detail);
    }

    [Fact]
    public async Task Get_audit_pages_newest_first_and_is_refused_without_a_key()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Polling:UnopenedInterval"] = "00:10:00" });
        using var api = app.CreateApiClient();
        var uids = Enumerable.Range(0, 5).Select(_ => NewUid()).ToList();
        foreach (var uid in uids)
        {
            await api.PostAsJsonAsync("/tokens", new { uid });
        }

        var seen = new List<string?>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(api, "/audit?action=track&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page.Items.Select(e => e.Uid));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(uids.AsEnumerable().Reverse(), seen);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/audit?cursor=bm90LWEtY3Vyc29y")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/audit?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Retention_deletes_old_entries_only()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["Audit:Retention"] = "2.00:00:00",
            ["Housekeeping:Interval"] = "00:00:01",
            ["Polling:UnopenedInterval"] = "00:10:00",
        });
        using var api = app.CreateApiClient();
        var (old, recent) = (NewUid(), NewUid());
        await api.PostAsJsonAsync("/tokens", new { uid = old });
        await api.PostAsJsonAsync("/tokens", new { uid = recent });
        await ExecuteAsync("UPDATE audit_log SET at = now() - interval '3 days' WHERE uid = @uid", ("uid", old));
        await ExecuteAsync("UPDATE audit_log SET at = now() - interval '1 day' WHERE uid = @uid", ("uid", recent));

        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE uid = @uid", ("uid", old)) == 0, "the old entry to go", TimeSpan.FromSeconds(30));

        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE uid = @uid", ("uid", recent)));
    }

    [Fact]
    public async Task Bus_commands_are_recorded_on_the_bus_channel()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Polling:UnopenedInterval"] = "00:10:00" });
        using (var ready = app.CreateClient())
        {
            await EventuallyAsync(async () => (await ready.GetAsync("/health/ready")).IsSuccessStatusCode, "the poller to be ready");
        }

        var uid = NewUid();
        Vendor.Set(uid, 0);
        await using var bus = await TestBus.StartAsync(RabbitMqUri, _ => { });
        var track = bus.Bus.CreateRequestClient<TrackToken>(RequestTimeout.After(s: 30));
        await track.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new TrackToken { TokenUid = uid });
        var untrack = bus.Bus.CreateRequestClient<UntrackToken>(RequestTimeout.After(s: 30));
        await untrack.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new UntrackToken { TokenUid = uid });

        using var api = app.CreateApiClient();
        var entries = (await PageAsync(api, $"/audit?uid={uid}")).Items;
        Assert.Equal([("untrack", "untracked"), ("track", "created")], entries.Select(e => (e.Action, e.Outcome)));
        Assert.All(entries, e => Assert.Equal(("bus", null), (e.Channel, e.ClientAddress)));
        // MassTransit sets no user_id: the sender is not verified, and the trail says so rather than trust a header.
        Assert.All(entries, e => Assert.Equal("unverified", e.Actor));
    }

    private static async Task<AuditPageView> PageAsync(HttpClient api, string path)
    {
        var answer = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<AuditPageView>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
    }

    private sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Channel, string Action, string? Uid, string? Detail, string Outcome, string? ClientAddress);

    private sealed record AuditPageView(List<AuditEntryView> Items, string? NextCursor);
}
