using System.Net.Http.Json;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole.Browser;

/// <summary>
/// The console in headless Chromium against a real poller (Kestrel, PostgreSQL, RabbitMQ, the stub
/// vendor): an operator's session from sign-in to untrack, then the overview. Every step asserts what the page shows,
/// that the browser's console shows no error, and saves a screenshot under TestResults/console/.
/// </summary>
[Collection("services")]
public sealed class ConsoleScenarioTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task An_operator_signs_in_tracks_by_csv_finds_a_token_watches_it_live_replays_and_untracks_it()
    {
        // The overview samples every second, so its figures move within the test.
        await using var app = Own(new PollerApp(Settings(new Dictionary<string, string?> { ["Console:SampleInterval"] = "00:00:01" })).StartedOnKestrel());
        using var browser = ConsoleBrowser.Start(ConsoleServer.AddressOf(app), "scenario");
        var batch = NewUid()[1..5];
        var uids = Enumerable.Range(1, 3).Select(_ => NewUid()).ToArray();
        foreach (var uid in uids)
        {
            Vendor.Set(uid, TokenStatusCodes.Created);
        }

        // 1. Sign in: a wrong key is refused with a message, the right one opens the overview.
        browser.Go("/console");
        browser.Until(() => browser.PathShown == "/console/sign-in", "the sign-in page (the console needs a session)");
        browser.SignIn("not-the-key-0123456789-abcdefghij");
        browser.Until(() => browser.Exists("#sign-in-error"), "the wrong key's error");
        Assert.NotEmpty(browser.Text("#sign-in-error"));
        Assert.Equal("/console/sign-in", browser.PathShown);
        Assert.False(browser.Exists("nav#console-nav"));
        browser.Step("sign-in-refused", documentStatus: 401);

        browser.SignIn(PollerSettings.ApiKey);
        browser.Until(() => browser.PathShown == "/console" && browser.Exists("nav#console-nav"), "the overview after signing in");
        Assert.False(browser.Exists("#sign-in-error"));
        Assert.Equal("Overview", browser.Text("h1"));
        browser.Step("signed-in");

        // 2. Track three tokens by CSV upload.
        var csv = Path.Combine(Path.GetTempPath(), $"console-{batch}.csv");
        await File.WriteAllLinesAsync(csv, ["uid,externalReference", .. uids.Select((uid, i) => $"{uid},crm-{batch}-{i + 1}")]);
        try
        {
            browser.Go("/console/track");
            browser.Find("input#csv").SendKeys(csv);
            browser.Find("button#track").Click();
            // The check first: the plan, and nothing tracked until the confirmation.
            browser.Until(() => browser.Exists("table#track-preview"), "the track check");
            Assert.Equal(3, browser.FindAll("table#track-preview tr[data-plan='track']").Count);
            Assert.False(browser.Exists("table#track-result"));
            browser.Step("track-check");
            browser.Find("button#confirm").Click();
            browser.Until(() => browser.Exists("table#track-result"), "the track result");
        }
        finally
        {
            File.Delete(csv);
        }

        foreach (var uid in uids)
        {
            Assert.Equal("created", browser.Find($"table#track-result tr[data-uid='{uid}']").GetAttribute("data-outcome"));
        }

        Assert.Equal(3, browser.FindAll("table#track-result tr[data-uid]").Count);
        browser.Step("tracked-by-csv");

        // 3. Search one by its external reference: it alone is listed.
        var chosen = uids[1];
        browser.Go("/console/tokens");
        browser.Find("input#external-reference").SendKeys($"crm-{batch}-2");
        browser.Find("button#search").Click();
        // The unfiltered list already shows the token: wait for the filtered page, where it is alone.
        browser.Until(() => browser.Url.Contains("external", StringComparison.OrdinalIgnoreCase) && browser.Exists($"table#tokens tr[data-uid='{chosen}']"), "the token found by its external reference");
        Assert.Single(browser.FindAll("table#tokens tr[data-uid]"));
        browser.Step("searched");

        // 4. Open it: its status in words and its timeline, which starts with TokenTracked.
        browser.Find($"table#tokens tr[data-uid='{chosen}'] a").Click();
        browser.Until(() => browser.PathShown == $"/console/tokens/{chosen}", "the token's page");
        Assert.Contains(chosen, browser.Text("h1"), StringComparison.Ordinal);
        browser.Until(() => browser.Exists("tbody#timeline-rows tr[data-sequence='1'][data-type='TokenTracked']"), "TokenTracked in the timeline");
        Assert.Contains("tracking", browser.Text("#token-state"), StringComparison.OrdinalIgnoreCase);
        browser.Step("token-detail");

        // 5. The vendor moves on: the timeline grows while the page stays open, without a reload.
        browser.Script<object?>("window.tchekScenarioMarker = 'still here'; return null;");
        var rowsBefore = browser.FindAll("tbody#timeline-rows tr").Count;
        Vendor.Set(chosen, TokenStatusCodes.Opened);
        browser.Until(() => browser.Exists("tbody#timeline-rows tr[data-type='InspectionStarted']"), "InspectionStarted in the live timeline", TimeSpan.FromSeconds(30));
        Assert.Equal("still here", browser.Script<string?>("return window.tchekScenarioMarker || null;"));
        Assert.True(browser.FindAll("tbody#timeline-rows tr").Count > rowsBefore, "the timeline has more rows than before");
        browser.Step("timeline-grew-live");

        // 6. Replay it, after the confirmation: the replayed events are marked.
        await EventuallyAsync(async () => await ScalarAsync<long>(
            "SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", chosen)) == 0, "the token's events to be published");
        browser.Find("a#replay").Click();
        browser.Until(() => browser.Exists("button#confirm"), "the replay's confirmation");
        Assert.True(browser.Exists("a#cancel"), "the confirmation offers a way back");
        browser.Step("replay-confirmation");
        browser.Find("button#confirm").Click();
        browser.Until(() => browser.PathShown == $"/console/tokens/{chosen}" && browser.Exists("tbody#timeline-rows tr[data-replayed='true']"), "the replayed events marked");
        Assert.True(browser.Exists("#flash"), "the replay says what it did");
        var detail = browser.Step("replayed");
        if (Screenshots.UpdateDocs)
        {
            // The picture in docs/operating/console.md: the token page with its facts, schedule and (replayed) timeline.
            File.Copy(detail, Screenshots.DocsImage, overwrite: true);
        }

        // 7. Untrack it, after the confirmation: stopped, and TokenTrackingStopped ends the timeline.
        browser.Find("a#untrack").Click();
        browser.Until(() => browser.Exists("button#confirm"), "the untrack's confirmation");
        browser.Step("untrack-confirmation");
        browser.Find("button#confirm").Click();
        browser.Until(() => browser.PathShown == $"/console/tokens/{chosen}" && browser.Exists("tbody#timeline-rows tr[data-type='TokenTrackingStopped']"), "TokenTrackingStopped in the timeline");
        Assert.Contains("stopped", browser.Text("#token-state"), StringComparison.OrdinalIgnoreCase);
        browser.Step("untracked");

        // 8. The overview counts the three tokens, two tracked and one stopped, and this instance's polls.
        browser.Find("nav#console-nav a[href='/console']").Click();
        browser.Until(() => browser.PathShown == "/console", "the overview");
        // The overview has no script: a refresh shows the latest sample.
        browser.Until(() => browser.Refreshed()
            && browser.Text("section[data-figure='tokens'] .now") == "2 tracked, 1 stopped"
            && browser.Text("section[data-figure='polls'] .now").EndsWith(" per minute", StringComparison.Ordinal), "the overview's figures", TimeSpan.FromSeconds(30));
        Assert.EndsWith("(this instance)", browser.Text("section[data-figure='relay'] .now"), StringComparison.Ordinal);
        Assert.Contains("polls per minute, last hour: min", browser.Find("section[data-figure='polls'] svg").GetAttribute("aria-label"), StringComparison.Ordinal);
        browser.Step("overview");

        using var api = app.CreateApiClient();
        var stored = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/tokens/{chosen}");
        Assert.Equal("Stopped", stored.GetProperty("state").GetString(), ignoreCase: true);
    }
}
