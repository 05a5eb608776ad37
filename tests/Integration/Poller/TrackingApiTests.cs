using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>The tracking API over the real host and database.</summary>
[Collection("services")]
public sealed class TrackingApiTests(ServicesFixture services) : PollerTestBase(services)
{
    private PollerApp _app = null!;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        // Polling is slowed down here: these tests are about the API, not the poller.
        _app = StartApp(new Dictionary<string, string?> { ["Polling:UnopenedInterval"] = "00:10:00", ["Polling:ActiveInterval"] = "00:10:00" });
    }

    public static TheoryData<string?> BadKeys() => new() { null, "", "wrong-key", PollerSettings.ApiKey + "x" };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_missing_or_wrong_key_is_refused_with_401_and_stores_nothing(string? key)
    {
        using var client = _app.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var uid = NewUid();
        var responses = new[]
        {
            await client.PostAsJsonAsync("/tokens", new { uid }),
            await client.PostAsJsonAsync("/tokens/batch", new { tokens = new[] { new { uid } } }),
            await client.GetAsync($"/tokens/{uid}"),
            await client.DeleteAsync($"/tokens/{uid}"),
            await client.PostAsync($"/tokens/{uid}/replay", null),
            // A body that would be a 400 is still a 401: authentication comes first.
            await client.PostAsync("/tokens", new StringContent("{not json", Encoding.UTF8, "application/json")),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("application/problem+json", responses[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens"));
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "uid with the -pwa suffix", """{"uid":"T3D6288-pwa"}""", "application/json" },
        { "uid too short", """{"uid":"T3"}""", "application/json" },
        { "uid too long", $$"""{"uid":"{{new string('A', 65)}}"}""", "application/json" },
        { "uid with a space", """{"uid":"T3D 288"}""", "application/json" },
        { "uid with SQL", """{"uid":"T1'; DROP TABLE tracked_tokens;--"}""", "application/json" },
        { "no uid", """{"externalReference":"lead-1"}""", "application/json" },
        { "uid not a string", """{"uid":42}""", "application/json" },
        { "not JSON", "{uid: T3D6288", "application/json" },
        { "a JSON array", """["T3D6288"]""", "application/json" },
        { "empty body", "", "application/json" },
        { "reference too long", $$"""{"uid":"T3D6288","externalReference":"{{new string('r', 300)}}"}""", "application/json" },
        { "too deep", new string('[', 200) + new string(']', 200), "application/json" },
        { "wrong content type", """{"uid":"T3D6288"}""", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_malformed_track_request_is_a_4xx_problem_and_stores_nothing(string name, string body, string contentType)
    {
        using var api = _app.CreateApiClient();

        var response = await api.PostAsync("/tokens", new StringContent(body, Encoding.UTF8, contentType));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{name}: {response.StatusCode}");
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens"));
    }

    [Fact]
    public async Task A_validation_problem_names_the_field()
    {
        using var api = _app.CreateApiClient();

        var response = await api.PostAsJsonAsync("/tokens", new { uid = "T3D6288-pwa" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("uid", out _));
    }

    [Fact]
    public async Task A_batch_with_one_bad_uid_stores_none_of_it()
    {
        using var api = _app.CreateApiClient();

        var response = await api.PostAsJsonAsync("/tokens/batch", new { tokens = new[] { new { uid = NewUid() }, new { uid = "bad uid" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("tokens[1].uid", out _));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens"));
    }

    [Fact]
    public async Task Tracking_is_idempotent_and_a_batch_reports_what_was_new()
    {
        using var api = _app.CreateApiClient();
        var (a, b) = (NewUid(), NewUid());

        var first = await api.PostAsJsonAsync("/tokens", new { uid = a, externalReference = "lead-42", metadata = new Dictionary<string, string> { ["dealer"] = "lyon" } });
        var again = await api.PostAsJsonAsync("/tokens", new { uid = a });
        var batch = await api.PostAsJsonAsync("/tokens/batch", new { tokens = new[] { new { uid = a }, new { uid = b }, new { uid = b } } });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/tokens/{a}", first.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var result = JsonDocument.Parse(await batch.Content.ReadAsStringAsync());
        Assert.Equal([b], result.RootElement.GetProperty("created").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([a], result.RootElement.GetProperty("existing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens"));
        using var view = JsonDocument.Parse(await api.GetStringAsync($"/tokens/{a}"));
        Assert.Equal("lead-42", view.RootElement.GetProperty("externalReference").GetString());
        Assert.Equal("lyon", view.RootElement.GetProperty("metadata").GetProperty("dealer").GetString());
    }

    [Fact]
    public async Task Untracking_closes_the_stream_with_a_last_event_and_tracking_again_is_a_conflict()
    {
        using var api = _app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(20), "T 1");

        var deleted = await api.DeleteAsync($"/tokens/{uid}");
        var deletedAgain = await api.DeleteAsync($"/tokens/{uid}");
        var retracked = await api.PostAsJsonAsync("/tokens", new { uid });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deletedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retracked.StatusCode);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "the stop event");
        var stopped = Assert.IsAssignableFrom<ITokenEvent>(Sink.For(uid)[2].Event);
        Assert.Equal("TokenTrackingStopped", Sink.For(uid)[2].Type);
        Assert.Equal(3, stopped.Sequence);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/tokens/{NewUid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/tokens/{NewUid()}")).StatusCode);
    }

    [Fact]
    public async Task Replay_publishes_the_same_events_again_with_their_ids_and_a_replayed_header()
    {
        using var api = _app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 2);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "T 1* 2");
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NOT NULL", ("uid", uid)) == 3, "the events to be marked published");

        var replay = await api.PostAsync($"/tokens/{uid}/replay?fromSequence=2", null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 5, TimeSpan.FromSeconds(20), "the replayed events");
        var replayed = Sink.For(uid).Skip(3).ToList();
        Assert.All(replayed, r => Assert.True(r.Replayed));
        Assert.Equal(Sink.For(uid).Skip(1).Take(2).Select(r => r.MessageId), replayed.Select(r => r.MessageId));
        Assert.False(Sink.For(uid)[0].Replayed);

        using var events = JsonDocument.Parse(await api.GetStringAsync($"/tokens/{uid}/events"));
        Assert.Equal([1L, 2, 3], events.RootElement.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/events/replay", new { type = "NoSuchEvent" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/events/replay", new { })).StatusCode);
    }

    [Fact]
    public async Task A_replay_past_Api_MaxReplayEvents_sends_the_oldest_and_says_it_was_truncated()
    {
        using var api = _app.CreateApiClient();
        using var limited = StartApp(new Dictionary<string, string?>
        {
            ["Api:MaxReplayEvents"] = "2",
            ["Polling:UnopenedInterval"] = "00:10:00",
            ["Polling:ActiveInterval"] = "00:10:00",
        }).CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 2);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "T 1* 2");
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NOT NULL", ("uid", uid)) == 3, "the events to be marked published");

        var first = await limited.PostAsync($"/tokens/{uid}/replay?fromSequence=1", null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("""{"replayed":2,"truncated":true}""", await first.Content.ReadAsStringAsync());
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 5, TimeSpan.FromSeconds(20), "the replay of #1 and #2");
        Assert.Equal([1L, 2], Sink.For(uid).Skip(3).Select(r => r.Event.Sequence));

        // As docs/operating/replay.md says: ask again from the one after the last sent.
        var rest = await limited.PostAsync($"/tokens/{uid}/replay?fromSequence=3", null);
        Assert.Equal("""{"replayed":1,"truncated":false}""", await rest.Content.ReadAsStringAsync());
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 6, TimeSpan.FromSeconds(20), "the replay of #3");
        Assert.Equal(3, Sink.For(uid)[5].Event.Sequence);
    }
}
