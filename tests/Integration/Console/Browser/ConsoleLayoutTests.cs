using System.Net.Http.Json;
using OpenQA.Selenium;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole.Browser;

/// <summary>The console on a phone's screen, and every page's accessibility basics, in headless Chromium.</summary>
[Collection("services")]
public sealed class ConsoleLayoutTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task On_a_phone_the_token_page_fits_the_screen_and_the_navigation_works()
    {
        await using var app = Own(new PollerApp(Settings()).StartedOnKestrel());
        var uid = await TrackAsync(app);
        using var browser = ConsoleBrowser.Start(ConsoleServer.AddressOf(app), "phone");
        browser.EmulatePhone(390, 844);
        browser.SignIn(PollerSettings.ApiKey);
        browser.Until(() => browser.Exists("nav#console-nav"), "the console after signing in");

        browser.Go($"/console/tokens/{uid}");
        browser.Until(() => browser.Exists("tbody#timeline-rows tr[data-type='TokenTracked']"), "the token's timeline");
        Assert.Equal(390L, browser.Script<long>("return window.innerWidth;"));
        PageChecks.AssertNoHorizontalOverflow(browser, "the token page");
        browser.Step("token-detail");

        // Every link of the navigation is on screen, big enough to tap, and leads where it says.
        var links = browser.FindAll("nav#console-nav a");
        Assert.Equal(["/console", "/console/tokens", "/console/track", "/console/audit"], links.Select(a => new Uri(a.GetAttribute("href")!).AbsolutePath));
        foreach (var link in links)
        {
            Assert.True(link.Displayed, $"{link.Text} is not displayed");
            Assert.True(link.Location.X >= 0 && link.Location.X + link.Size.Width <= 390, $"{link.Text} is off the screen ({link.Location}, {link.Size})");
            Assert.True(link.Size.Height >= 20, $"{link.Text} is {link.Size.Height} px high: too small to tap");
        }

        browser.FindAll("nav#console-nav a").Single(a => a.Text.Contains("Tokens", StringComparison.Ordinal)).Click();
        browser.Until(() => browser.PathShown == "/console/tokens", "the tokens page from the navigation");
        PageChecks.AssertNoHorizontalOverflow(browser, "the tokens page");
        browser.Step("tokens");

        browser.FindAll("nav#console-nav a").Single(a => a.Text.Contains("Overview", StringComparison.Ordinal)).Click();
        browser.Until(() => browser.PathShown == "/console", "the overview from the navigation");
        PageChecks.AssertNoHorizontalOverflow(browser, "the overview");
        browser.Step("overview");
    }

    [Fact]
    public async Task Every_page_has_one_h1_and_every_control_and_chart_a_name()
    {
        await using var app = Own(new PollerApp(Settings()).StartedOnKestrel());
        var uid = await TrackAsync(app);
        using var browser = ConsoleBrowser.Start(ConsoleServer.AddressOf(app), "accessibility");

        browser.Go("/console/sign-in");
        Assert.Empty(PageChecks.AccessibilityProblems(browser));
        browser.Step("sign-in");
        browser.SignIn(PollerSettings.ApiKey);
        browser.Until(() => browser.Exists("nav#console-nav"), "the console after signing in");

        foreach (var (path, name) in new[] { ("/console", "overview"), ("/console/tokens", "tokens"), ("/console/track", "track"), ("/console/audit", "audit"), ($"/console/tokens/{uid}", "token-detail") })
        {
            browser.Go(path);
            browser.Until(() => browser.PathShown == path && browser.Exists("h1"), $"the page {path}");
            var problems = PageChecks.AccessibilityProblems(browser);
            Assert.True(problems.Count == 0, $"{path}:\n" + string.Join('\n', problems));
            browser.Step(name);
        }

        // The overview's charts are images with their figures in words.
        browser.Go("/console");
        var charts = browser.FindAll("section[data-figure] svg[role='img']");
        Assert.NotEmpty(charts);
        Assert.All(charts, chart => Assert.Contains("last hour", chart.GetAttribute("aria-label") ?? "", StringComparison.Ordinal));
        Assert.DoesNotContain(browser.FindAll("section[data-figure]"), s => s.FindElements(By.CssSelector("svg")).Count == 0 && s.GetAttribute("data-figure") != "upstream");
    }

    private async Task<string> TrackAsync(PollerApp app)
    {
        var uid = NewUid();
        Vendor.Set(uid, TokenStatusCodes.Created);
        using var api = app.CreateApiClient();
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        return uid;
    }
}
