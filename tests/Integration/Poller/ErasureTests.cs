using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>Erasure and retention: what is forgotten, what stays, and that event ids never repeat.</summary>
[Collection("services")]
public sealed class ErasureTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task Erasing_a_tracked_token_closes_its_stream_forgets_it_and_keeps_a_tombstone()
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 2);
        (await api.PostAsJsonAsync("/tokens", new { uid, externalReference = "lead-42", metadata = new { customer = "Jane Doe" } })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "T 1* 2");
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "every event marked published");

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);

        // Subscribers hear that tracking stopped, as for an untrack.
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == nameof(TokenTrackingStopped)), TimeSpan.FromSeconds(20), "the stop");
        Assert.Equal(TrackingStopReasons.Untracked, await ScalarAsync<string>("SELECT stop_reason FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        var view = await api.GetFromJsonAsync<JsonElement>($"/tokens/{uid}");
        Assert.Equal("Stopped", view.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("snapshot").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("metadata").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("externalReference").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("erasedAt").ValueKind);
        Assert.Equal(4, view.GetProperty("lastSequence").GetInt64());
        // Published events went with the erase; the stop goes once it is published (a second erase does it at once).
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND sequence < 4", ("uid", uid)));
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "the stop marked published");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/tokens/{uid}/erase", null)).StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid", ("uid", uid)));

        // The uid is never tracked again, so its event ids never repeat; a replay has nothing to send.
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync("/tokens", new { uid })).StatusCode);
        var replay = await (await api.PostAsync($"/tokens/{uid}/replay", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, replay.GetProperty("replayed").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/tokens/{NewUid()}/erase", null)).StatusCode);
        Assert.Equal(4, Sink.For(uid).Count);
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
}
