using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Hosting;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>The overview (<c>/console</c>) against a real poller polling the stub vendor, sampled every second.</summary>
[Collection("services")]
public sealed partial class OverviewPageTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly Dictionary<string, string?> EverySecond = new() { ["Console:SampleInterval"] = "00:00:01" };

    [Fact]
    public async Task After_some_polls_the_overview_shows_them_the_tokens_by_status_and_this_instance_as_the_relay_holder()
    {
        await using var app = StartApp(EverySecond);
        using var api = app.CreateApiClient();
        var (opened1, opened2, created) = (NewUid(), NewUid(), NewUid());
        Vendor.Set(opened1, TokenStatusCodes.Opened);
        Vendor.Set(opened2, TokenStatusCodes.Opened);
        Vendor.Set(created, TokenStatusCodes.Created);
        foreach (var uid in new[] { opened1, opened2, created })
        {
            (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
            await Vendor.WaitForRequestsAsync(uid, 2, TimeSpan.FromSeconds(20));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/tokens/{created}")).StatusCode);
        using var console = await ConsoleSession.SignInAsync(app);
        var instance = app.Services.GetRequiredService<PollerInstance>().Id;

        string html = "";
        await EventuallyAsync(async () =>
        {
            html = await console.GetPageAsync("/console");
            return Now(html, "tokens") == "2 tracked, 1 stopped" && Now(html, "relay").Contains("this instance", StringComparison.Ordinal)
                && Now(html, "polls") is var polls && polls.EndsWith(" per minute", StringComparison.Ordinal) && polls != "0 per minute";
        }, "the overview to show the polls, the tokens and the relay");

        Assert.Equal(["2 tracked: link opened, no picture yet", "1 stopped: link not opened yet"], Details(html, "tokens"));
        Assert.Equal($"held by {instance} (this instance)", Now(html, "relay"));
        Assert.Matches(@"^\d+ in the last hour$", Details(html, "polls").Single());
        Assert.NotEqual("0 in the last hour", Details(html, "polls").Single());
        Assert.Contains($"<strong id=\"instance-id\">{instance}</strong>", html, StringComparison.Ordinal);
        Assert.Equal("Retry-After hold: none", Now(html, "throttled"));
        Assert.Equal("no budget", Now(html, "budget"));

        // Each figure has its chart, drawn on the server, and the chart's figures in words.
        foreach (var figure in new[] { "tokens", "polls", "events", "failed-polls", "throttled", "outbox", "relay" })
        {
            var section = Section(html, figure);
            Assert.Matches("<svg class=\"sparkline\" role=\"img\" aria-label=\"[^\"]+, last hour: (min|no data)", section);
        }

        Assert.Matches("aria-label=\"polls per minute, last hour: min \\d+(\\.\\d)?, max \\d+(\\.\\d)?, now \\d+(\\.\\d)?\"", Section(html, "polls"));
        Assert.Matches("<path d=\"M[\\d. ]+L", Section(html, "polls"));
    }

    [Fact]
    public async Task When_the_vendor_fails_every_poll_the_overview_says_upstream_is_degraded_and_why()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["UpstreamHealth:Window"] = "00:00:03",
            ["UpstreamHealth:MinimumPolls"] = "3",
            ["UpstreamHealth:CheckInterval"] = "00:00:00.250",
        });
        using var api = app.CreateApiClient();
        using var console = await ConsoleSession.SignInAsync(app);
        var uids = new[] { NewUid(), NewUid() };
        foreach (var uid in uids)
        {
            Vendor.Set(uid, TokenStatusCodes.Opened);
            (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
            await Vendor.WaitForRequestsAsync(uid, 2, TimeSpan.FromSeconds(20));
        }

        await EventuallyAsync(async () => Now(await console.GetPageAsync("/console"), "upstream") == "healthy", "the overview to say healthy");
        foreach (var uid in uids)
        {
            Vendor.Script(uid, [.. Enumerable.Repeat(new StubAnswer(500), 50)]);
        }

        string html = "";
        await EventuallyAsync(async () => Now(html = await console.GetPageAsync("/console"), "upstream").StartsWith("degraded since ", StringComparison.Ordinal), "the overview to say degraded");
        Assert.EndsWith(": too many failed polls", Now(html, "upstream"), StringComparison.Ordinal);
        Assert.Matches(@"this instance, last 3 s: [1-9]\d* of [1-9]\d* polls failed", Section(html, "upstream"));
        Assert.Contains("This instance decides", Section(html, "upstream"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_request_budget_the_overview_shows_the_share_of_it_used()
    {
        await using var app = StartApp(new Dictionary<string, string?>(EverySecond)
        {
            ["Tchek:RequestBudgetPerDay"] = "345600",
            ["Tchek:RequestBudgetBurst"] = "00:00:01",
        });
        using var api = app.CreateApiClient();
        using var console = await ConsoleSession.SignInAsync(app);
        var uid = NewUid();
        Vendor.Set(uid, TokenStatusCodes.Opened);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Vendor.WaitForRequestsAsync(uid, 3, TimeSpan.FromSeconds(20));

        // One token polled every 0.5 s: 172,800 of 345,600 a day, about half, counted as it goes.
        string html = "";
        await EventuallyAsync(async () => Details(html = await console.GetPageAsync("/console"), "budget") is [var charged, ..]
            && charged != "0 polls charged in the last hour, all instances", "the overview to show the budget used");
        Assert.Matches(@"^\d+(\.\d)?% of 345600 a day, at the last hour's pace$", Now(html, "budget"));
        Assert.Matches(@"^\d+ of 4 polls in the bucket \(refilled at 14399\.8 an hour\)$", Details(html, "budget")[1]);
        Assert.Matches("aria-label=\"share of the daily budget used, % \\(pace between samples\\), last hour: min", Section(html, "budget"));
    }

    [Fact]
    public async Task The_overview_needs_a_session()
    {
        await using var app = StartApp(EverySecond);
        using var anonymous = ConsoleSession.Anonymous(app);

        var answer = await anonymous.GetAsync("/console");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith(ConsoleSession.SignInPath, answer.Headers.Location!.OriginalString.Replace("https://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string Section(string html, string figure)
    {
        var match = Regex.Match(html, $"<section data-figure=\"{figure}\".*?</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no section[data-figure={figure}] in the overview");
        return match.Value;
    }

    private static string Now(string html, string figure) =>
        WebUtility.HtmlDecode(NowText().Match(Section(html, figure)).Groups[1].Value.Trim());

    private static List<string> Details(string html, string figure) =>
        [.. DetailText().Matches(Section(html, figure)).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value.Trim()))];

    [GeneratedRegex("<p class=\"now\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex NowText();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex DetailText();
}
