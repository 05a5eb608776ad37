using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Api;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>The tokens page, a token's detail and timeline, and the actions behind their confirmations, against the real poller.</summary>
[Collection("services")]
public sealed class ConsoleTokenTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task Untracking_through_the_confirmation_stops_the_token_and_says_so()
    {
        await using var app = StartApp();
        var uid = await TrackAsync(app, status: 1, events: 2);
        using var session = await ConsoleSession.SignInAsync(app);
        var detail = await session.GetPageAsync($"/console/tokens/{uid}");
        var confirmPath = ConsoleHtml.Href(detail, "untrack")!;
        var confirm = await session.GetPageAsync(confirmPath);

        var answer = await session.PostFormAsync(confirmPath, new Dictionary<string, string>());
        var after = await session.GetPageAsync(answer.Headers.Location!.OriginalString);

        Assert.Equal($"/console/tokens/{uid}/untrack", confirmPath);
        Assert.Contains("Untracked", ConsoleHtml.Text(confirm, "confirm-what"), StringComparison.Ordinal);
        Assert.Equal($"/console/tokens/{uid}", ConsoleHtml.Href(confirm, "cancel"));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal($"/console/tokens/{uid}", answer.Headers.Location!.OriginalString);
        Assert.StartsWith($"Stopped tracking {uid}", ConsoleHtml.Text(after, "flash"), StringComparison.Ordinal);
        Assert.Equal("stopped (untracked by request)", ConsoleHtml.Text(after, "token-state"));
        Assert.False(ConsoleHtml.Has(after, "untrack"));
        Assert.Equal("Stopped", (await ApiTokenAsync(app, uid)).GetProperty("state").GetString());
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == "TokenTrackingStopped"), TimeSpan.FromSeconds(20), "TokenTrackingStopped");
        // The flash is shown once.
        Assert.False(ConsoleHtml.Has(await session.GetPageAsync($"/console/tokens/{uid}"), "flash"));
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var app = StartApp();
        var uid = await TrackAsync(app, status: 1, events: 2);
        using var session = await ConsoleSession.SignInAsync(app);

        var untrack = await session.PostFormWithoutFetchingAsync($"/console/tokens/{uid}/untrack", new Dictionary<string, string>());
        var erase = await session.PostFormWithoutFetchingAsync($"/console/tokens/{uid}/erase", new Dictionary<string, string>());
        var replay = await session.PostFormWithoutFetchingAsync($"/console/tokens/{uid}/replay", new Dictionary<string, string>());
        var forged = await session.PostFormWithoutFetchingAsync($"/console/tokens/{uid}/untrack", new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" });

        Assert.Equal(HttpStatusCode.BadRequest, untrack.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, erase.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var token = await ApiTokenAsync(app, uid);
        Assert.Equal("Active", token.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, token.GetProperty("erasedAt").ValueKind);
        Assert.DoesNotContain(Sink.For(uid), e => e.Replayed || e.Type == "TokenTrackingStopped");
    }

    [Fact]
    public async Task Replaying_marks_the_events_replayed_and_the_bus_receives_them_with_replayed_true()
    {
        var log = new LogCapture();
        await using var app = Own(new PollerApp(
            Settings(new Dictionary<string, string?> { ["Logging:LogLevel:Tchek.Events.StatusPoller.Relay"] = "Information" }),
            web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(log)))).Started());
        var uid = await TrackAsync(app, status: 1, events: 2);
        await EventuallyAsync(async () => (await ApiEventsAsync(app, uid)).All(e => e.GetProperty("publishedAt").ValueKind != JsonValueKind.Null), "both events marked published");
        using var session = await ConsoleSession.SignInAsync(app);
        var confirmPath = ConsoleHtml.Href(await session.GetPageAsync($"/console/tokens/{uid}"), "replay")!;
        var confirm = await session.GetPageAsync(confirmPath);

        var answer = await session.PostFormAsync(confirmPath, new Dictionary<string, string> { ["fromSequence"] = "", ["toSequence"] = "" });
        var after = await session.GetPageAsync(answer.Headers.Location!.OriginalString);

        Assert.Contains("2 events", ConsoleHtml.Text(confirm, "confirm-what"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith($"Replayed 2 events of {uid}", ConsoleHtml.Text(after, "flash"), StringComparison.Ordinal);
        foreach (var sequence in new[] { 1L, 2L })
        {
            Assert.Contains("data-replayed=\"true\"", ConsoleHtml.Row(after, sequence), StringComparison.Ordinal);
        }

        Assert.Contains("replayed 1× · last ", WebUtility.HtmlDecode(after), StringComparison.Ordinal);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid && e.Replayed) == 2, TimeSpan.FromSeconds(20), "two replayed events");
        Assert.All(await ApiEventsAsync(app, uid), e =>
        {
            Assert.Equal(1, e.GetProperty("replayCount").GetInt32());
            Assert.NotEqual(JsonValueKind.Null, e.GetProperty("lastReplayedAt").ValueKind);
        });
        var fingerprint = ApiKeyRing.Fingerprint(PollerSettings.ApiKey);
        Assert.Contains(log.Lines, l => l.Contains($"Replay for console:key:{fingerprint}", StringComparison.Ordinal));

        // A range: only sequence 2 goes again, and is marked twice.
        var ranged = await session.PostFormAsync($"{confirmPath}?fromSequence=2", new Dictionary<string, string> { ["fromSequence"] = "2" });
        var twice = await session.GetPageAsync(ranged.Headers.Location!.OriginalString);
        Assert.StartsWith($"Replayed 1 event of {uid}", ConsoleHtml.Text(twice, "flash"), StringComparison.Ordinal);
        Assert.Contains("replayed 2×", WebUtility.HtmlDecode(twice), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_in_the_url_shows_the_apis_validation_message_and_an_unknown_token_is_404()
    {
        await using var app = StartApp();
        using var session = await ConsoleSession.SignInAsync(app);
        var rule = RequestValidation.Uid("bad uid")["uid"][0];

        foreach (var path in new[] { "/console/tokens/bad%20uid", "/console/tokens/bad%20uid/replay", "/console/tokens/bad%20uid/untrack", "/console/tokens/bad%20uid/erase", "/console/tokens?uid=bad%20uid" })
        {
            using var answer = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains($"uid: {rule}", ConsoleHtml.Text(await answer.Content.ReadAsStringAsync(), "problem"), StringComparison.Ordinal);
        }

        var unknown = NewUid();
        foreach (var path in new[] { $"/console/tokens/{unknown}", $"/console/tokens/{unknown}/replay", $"/console/tokens/{unknown}/untrack", $"/console/tokens/{unknown}/erase" })
        {
            using var answer = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains($"No token has uid {unknown}.", ConsoleHtml.Text(await answer.Content.ReadAsStringAsync(), "problem"), StringComparison.Ordinal);
        }

        using var reversed = await session.GetAsync($"/console/tokens/{unknown}/replay?fromSequence=3&toSequence=2");
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("toSequence: Must not be before fromSequence.", await reversed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var status = await session.GetAsync("/console/tokens?status=9");
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        Assert.Contains("status: A status code, 0 to 6.", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var untrack = await session.PostFormAsync("/console", new Dictionary<string, string>(), $"/console/tokens/{unknown}/untrack");
        Assert.Equal(HttpStatusCode.NotFound, untrack.StatusCode);
    }

    [Fact]
    public async Task The_tokens_page_finds_by_uid_filters_and_pages()
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var reference = "ref-" + NewUid();
        var uids = Enumerable.Range(0, 51).Select(_ => NewUid()).Order(StringComparer.Ordinal).ToList();
        foreach (var uid in uids)
        {
            Vendor.Set(uid, 0);
        }

        Vendor.Set(uids[7], 3);
        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = uids.Select(uid => new { uid, externalReference = reference }) })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uids[7] && e.Type == "PicturesCompleted"), TimeSpan.FromSeconds(30), "the third token's pictures");
        (await api.DeleteAsync($"/tokens/{uids[9]}")).EnsureSuccessStatusCode();
        using var session = await ConsoleSession.SignInAsync(app);

        var first = await session.GetPageAsync($"/console/tokens?externalReference={reference}");
        var next = ConsoleHtml.Href(first, "next-page")!;
        var second = await session.GetPageAsync(next);
        var pictures = await session.GetPageAsync($"/console/tokens?externalReference={reference}&status=3");
        var stopped = await session.GetPageAsync($"/console/tokens?externalReference={reference}&state=stopped");
        var none = await session.GetPageAsync($"/console/tokens?externalReference=no-such-{reference}");

        Assert.Equal(uids.Take(50), ConsoleHtml.Values(first, "data-uid"));
        Assert.False(ConsoleHtml.Has(first, "first-page"));
        Assert.Equal([uids[50]], ConsoleHtml.Values(second, "data-uid"));
        Assert.False(ConsoleHtml.Has(second, "next-page"));
        Assert.Equal($"/console/tokens?externalReference={reference}", ConsoleHtml.Href(second, "first-page"));
        Assert.Equal([uids[7]], ConsoleHtml.Values(pictures, "data-uid"));
        Assert.Contains("pictures completed", pictures, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/console/tokens/{uids[7]}\">{uids[7]}</a>", pictures, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""time"">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</td>", pictures);
        Assert.Equal([uids[9]], ConsoleHtml.Values(stopped, "data-uid"));
        Assert.Contains("stopped (untracked by request)", stopped, StringComparison.Ordinal);
        Assert.Equal("No token matches these filters.", ConsoleHtml.Text(none, "tokens-empty"));

        using var found = await session.GetAsync($"/console/tokens?uid={uids[3]}");
        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        Assert.Equal($"/console/tokens/{uids[3]}", found.Headers.Location!.OriginalString);
        var missing = NewUid();
        Assert.Equal($"No token has uid {missing}.", ConsoleHtml.Text(await session.GetPageAsync($"/console/tokens?uid={missing}"), "tokens-empty"));
    }

    [Fact]
    public async Task The_timeline_fragment_grows_when_the_vendor_status_changes()
    {
        await using var app = StartApp();
        var uid = await TrackAsync(app, status: 0, events: 1);
        using var session = await ConsoleSession.SignInAsync(app);
        var detail = await session.GetPageAsync($"/console/tokens/{uid}");
        Assert.Equal("link not opened yet", ConsoleHtml.Text(detail, "token-status"));
        Assert.Contains($"data-refresh-url=\"/console/tokens/{uid}/timeline\"", detail, StringComparison.Ordinal);
        Assert.Equal(["1"], ConsoleHtml.Values(await session.GetPageAsync($"/console/tokens/{uid}/timeline"), "data-sequence"));

        await StepAsync(uid, 2);

        string fragment = "";
        await EventuallyAsync(async () => ConsoleHtml.Values(fragment = await session.GetPageAsync($"/console/tokens/{uid}/timeline"), "data-sequence").Count == 4, "three more rows");
        Assert.Equal(["TokenTracked", "TokenStatusChanged", "InspectionStarted", "FirstPictureTaken"], ConsoleHtml.Values(fragment, "data-type"));
        Assert.Contains("data-inferred=\"true\"", ConsoleHtml.Row(fragment, 3), StringComparison.Ordinal);
        Assert.DoesNotContain("data-inferred", ConsoleHtml.Row(fragment, 4), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.Equal("taking pictures", ConsoleHtml.Text(await session.GetPageAsync($"/console/tokens/{uid}"), "token-status"));
        using var anonymous = ConsoleSession.Anonymous(app);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/console/tokens/{uid}/timeline")).StatusCode);
    }

    [Fact]
    public async Task Erasing_through_the_confirmation_forgets_the_token()
    {
        await using var app = StartApp();
        var uid = await TrackAsync(app, status: 1, events: 2);
        await EventuallyAsync(async () => (await ApiEventsAsync(app, uid)).All(e => e.GetProperty("publishedAt").ValueKind != JsonValueKind.Null), "both events marked published");
        using var session = await ConsoleSession.SignInAsync(app);
        var confirmPath = ConsoleHtml.Href(await session.GetPageAsync($"/console/tokens/{uid}"), "erase")!;

        var answer = await session.PostFormAsync(confirmPath, new Dictionary<string, string>());
        var after = await session.GetPageAsync(answer.Headers.Location!.OriginalString);

        Assert.StartsWith($"Erased {uid}", ConsoleHtml.Text(after, "flash"), StringComparison.Ordinal);
        Assert.True(ConsoleHtml.Has(after, "token-erased"));
        Assert.False(ConsoleHtml.Has(after, "erase"));
        Assert.DoesNotContain("data-sequence=\"1\"", after, StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, (await ApiTokenAsync(app, uid)).GetProperty("erasedAt").ValueKind);
    }

    [Fact]
    public async Task A_token_the_vendor_fails_to_answer_is_marked_stale_as_the_api_says_and_the_mark_goes_with_the_next_answer()
    {
        await using var app = StartApp();
        var uid = await TrackAsync(app, status: 1, events: 2);
        using var session = await ConsoleSession.SignInAsync(app);
        Assert.False(ConsoleHtml.Has(await session.GetPageAsync($"/console/tokens/{uid}"), "token-stale"));

        // Failures back off (1, 2, 4 s): the last valid answer soon gets older than twice the 0.5 s interval.
        Vendor.Script(uid, [.. Enumerable.Repeat(new StubAnswer(500), 4)]);
        string page = "";
        await EventuallyAsync(async () => ConsoleHtml.Has(page = await session.GetPageAsync($"/console/tokens/{uid}"), "token-stale"), "the stale mark");
        Assert.StartsWith("stale: last valid answer", ConsoleHtml.Text(page, "token-stale"), StringComparison.Ordinal);
        Assert.True((await ApiTokenAsync(app, uid)).GetProperty("stale").GetBoolean());

        await EventuallyAsync(() => Vendor.PendingScripted(uid) == 0, "the scripted failures to be answered");
        await EventuallyAsync(async () => !ConsoleHtml.Has(await session.GetPageAsync($"/console/tokens/{uid}"), "token-stale"), "the stale mark to go after a valid answer");
        Assert.False((await ApiTokenAsync(app, uid)).GetProperty("stale").GetBoolean());
    }

    /// <summary>Tracks a new token at <paramref name="status"/> through the API and waits until its first events are on the bus.</summary>
    private async Task<string> TrackAsync(PollerApp app, int status, int events)
    {
        var uid = NewUid();
        Vendor.Set(uid, status);
        using var api = app.CreateApiClient();
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == events, TimeSpan.FromSeconds(20), $"{uid}'s first events");
        return uid;
    }

    private static async Task<JsonElement> ApiTokenAsync(PollerApp app, string uid)
    {
        using var api = app.CreateApiClient();
        return await api.GetFromJsonAsync<JsonElement>($"/tokens/{uid}");
    }

    private static async Task<List<JsonElement>> ApiEventsAsync(PollerApp app, string uid)
    {
        using var api = app.CreateApiClient();
        return [.. (await api.GetFromJsonAsync<JsonElement>($"/tokens/{uid}/events")).EnumerateArray()];
    }
}
