using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.IntegrationTests.Schemas;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>Erasure and retention: what is forgotten, what subscribers are told (TokenErased), what stays, and that event ids never repeat.</summary>
[Collection("services")]
public sealed class ErasureTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task Erasing_a_tracked_token_publishes_TokenErased_without_personal_ids_forgets_it_and_keeps_a_tombstone()
    {
        await using var tap = await RawEventTap.StartAsync(RabbitMqUri);
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 2);
        (await api.PostAsJsonAsync("/tokens", new { uid, externalReference = "lead-42", metadata = new { customer = "Jane Doe" } })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "T 1* 2");
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "every event marked published");

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);

        // Subscribers hear the erase, not a stop: TokenErased is the stream's last word, numbered after the last event.
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == nameof(TokenErased)), TimeSpan.FromSeconds(20), "the erase");
        var erased = Sink.For(uid)[^1];
        Assert.Equal([nameof(TokenTracked), nameof(InspectionStarted), nameof(FirstPictureTaken), nameof(TokenErased)], Sink.For(uid).Select(e => e.Type));
        Assert.Equal(4, erased.Event.Sequence);
        Assert.Equal(TokenEventIds.For(uid, 4), erased.MessageId);
        Assert.Equal(2, erased.Event.Status);
        Assert.Null(erased.Event.CustomerId);
        Assert.Null(erased.Event.VehicleId);
        AssertNoPersonalData(await TapAsync(tap, uid, nameof(TokenErased)), uid);
        // The same check on an earlier event finds the ids, so it is one that can fail.
        Assert.Contains($"cust-{uid}", (await TapAsync(tap, uid, nameof(TokenTracked))).Body.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(TrackingStopReasons.Untracked, await ScalarAsync<string>("SELECT stop_reason FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        var view = await api.GetFromJsonAsync<JsonElement>($"/tokens/{uid}");
        Assert.Equal("Stopped", view.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("snapshot").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("metadata").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("externalReference").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("erasedAt").ValueKind);
        Assert.Equal(4, view.GetProperty("lastSequence").GetInt64());
        // Published events went with the erase; TokenErased goes once published (a second erase does it at once).
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND sequence < 4", ("uid", uid)));
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "TokenErased marked published");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(4L, await ScalarAsync<long>("SELECT last_sequence FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));

        // The uid is never tracked again, so its event ids never repeat; a replay has nothing to send.
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync("/tokens", new { uid })).StatusCode);
        var replay = await (await api.PostAsync($"/tokens/{uid}/replay", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, replay.GetProperty("replayed").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/tokens/{NewUid()}/erase", null)).StatusCode);
        Assert.Equal(4, Sink.For(uid).Count);
        Assert.DoesNotContain(Sink.All, e => e.Event.TokenUid == uid && e.Type == nameof(TokenTrackingStopped));
    }

    [Fact]
    public async Task Erasing_a_stopped_token_publishes_TokenErased_after_its_stop_and_a_second_erase_publishes_nothing()
    {
        await using var tap = await RawEventTap.StartAsync(RabbitMqUri);
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid, externalReference = "lead-43" })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(20), "T 1");
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/tokens/{uid}")).StatusCode);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "the stop");

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);

        // Subscribers still hold what the stream told them: the erase reaches them too.
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == nameof(TokenErased)), TimeSpan.FromSeconds(20), "the erase");
        Assert.Equal([nameof(TokenTracked), nameof(InspectionStarted), nameof(TokenTrackingStopped), nameof(TokenErased)], Sink.For(uid).Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L, 4L], Sink.For(uid).Select(e => e.Event.Sequence));
        AssertNoPersonalData(await TapAsync(tap, uid, nameof(TokenErased)), uid);
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "TokenErased marked published");

        // Idempotent: a second erase appends nothing (the outbox is what the relay publishes, and it is empty).
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(4L, await ScalarAsync<long>("SELECT last_sequence FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(TrackingStopReasons.Untracked, await ScalarAsync<string>("SELECT stop_reason FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        await Task.Delay(TimeSpan.FromSeconds(1)); // several relay sweeps
        Assert.Equal(4, Sink.For(uid).Count);
    }

    [Fact]
    public async Task Events_still_to_publish_at_the_erase_are_dropped_and_only_TokenErased_goes_out()
    {
        await using var tap = await RawEventTap.StartAsync(RabbitMqUri);
        var uid = NewUid();
        Vendor.Set(uid, 2);
        var relayLock = await HoldRelayLockAsync();
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        try
        {
            // No relay can lead while the test holds its lock: the poll's three events stay in the outbox.
            (await api.PostAsJsonAsync("/tokens", new { uid, externalReference = "lead-44" })).EnsureSuccessStatusCode();
            await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 3, "T 1* 2 committed, unpublished");

            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);

            Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", uid)));
            Assert.Equal(nameof(TokenErased), await ScalarAsync<string>("SELECT type FROM token_events WHERE uid = @uid AND sequence = 4 AND published_at IS NULL", ("uid", uid)));
            Assert.DoesNotContain($"cust-{uid}", await ScalarAsync<string>("SELECT payload::text FROM token_events WHERE uid = @uid", ("uid", uid)), StringComparison.Ordinal);
        }
        finally
        {
            await relayLock.DisposeAsync();
        }

        // The customer asked to be forgotten: what was not published never is; TokenErased, after the gap, is all.
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid), TimeSpan.FromSeconds(30), "the erase, once a relay leads");
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "TokenErased marked published");
        var only = Assert.Single(Sink.For(uid));
        Assert.Equal((nameof(TokenErased), 4L), (only.Type, only.Event.Sequence));
        AssertNoPersonalData(await TapAsync(tap, uid, nameof(TokenErased)), uid);
        Assert.Single(tap.Received, d => d.IsEventOf(uid));
    }

    [Fact]
    public async Task Stopped_tokens_and_their_events_go_after_their_retention_and_active_ones_stay()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["Tracking:StoppedRetention"] = "00:00:01",
            ["Housekeeping:Interval"] = "00:00:00.500",
        });
        using var api = app.CreateApiClient();
        var (stopped, active) = (NewUid(), NewUid());
        Vendor.Set(stopped, 1);
        Vendor.Set(active, 1);
        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = new[] { new { uid = stopped }, new { uid = active } } })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == stopped) == 2 && r.Count(e => e.Event.TokenUid == active) == 2, TimeSpan.FromSeconds(20), "T 1 for both");

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/tokens/{stopped}")).StatusCode);

        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE uid = @uid", ("uid", stopped)) == 0, "the stopped token to go", TimeSpan.FromSeconds(20));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", stopped)));
        Assert.Equal(3, Sink.For(stopped).Count);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE uid = @uid", ("uid", active)));
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", active)));
    }

    private static async Task<RawDelivery> TapAsync(RawEventTap tap, string uid, string type)
    {
        await tap.WaitUntilAsync(r => r.Any(d => d.IsEventOf(uid) && d.Type == type), TimeSpan.FromSeconds(20), $"{type} of {uid} on the wire");
        return tap.Received.First(d => d.IsEventOf(uid) && d.Type == type);
    }

    // The message as any AMQP client reads it: the envelope's fields, and no personal id or label of the token anywhere.
    private static void AssertNoPersonalData(RawDelivery delivery, string uid)
    {
        Assert.Equal(["eventId", "inferred", "observedAt", "occurredAt", "sequence", "status", "tokenUid"], delivery.Message.Select(p => p.Key).Order(StringComparer.Ordinal));
        var body = delivery.Body.ToJsonString();
        foreach (var personal in new[] { $"cust-{uid}", $"veh-{uid}", $"insp-{uid}", "xNsqRXw9gn", "customerId", "vehicleId", "inspectionId", "creatorUserId", "lead-4", "Jane Doe" })
        {
            Assert.DoesNotContain(personal, body, StringComparison.Ordinal);
        }
    }
}
