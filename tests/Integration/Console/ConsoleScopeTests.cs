using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>Who may do what in the console: each page and action needs its scope; without it, a 403 page naming it.</summary>
[Collection("services")]
public sealed class ConsoleScopeTests(ServicesFixture services) : PollerTestBase(services)
{
    // Page, and the scopes a key needs to see it (all of them).
    private static readonly (string Path, string[] Needs)[] Pages =
    [
        ("/console", ["read"]),
        ("/console/tokens", ["read"]),
        ("/console/tokens/{uid}", ["read"]),
        ("/console/tokens/{uid}/timeline", ["read"]),
        ("/console/track", ["track"]),
        ("/console/tokens/{uid}/untrack", ["read", "track"]),
        ("/console/tokens/{uid}/replay", ["read", "replay"]),
        ("/console/tokens/{uid}/erase", ["read", "erase"]),
        ("/console/audit", ["admin"]),
    ];

    [Fact]
    public async Task Each_page_needs_its_scopes_and_shows_a_403_page_naming_the_missing_one()
    {
        await using var app = StartApp(ApiScopeTests.ScopedClients());
        var uid = NewUid();
        Vendor.Set(uid, 1);
        await TrackAsync(app, uid);

        var failures = new List<string>();
        foreach (var scope in ApiScopeTests.Scopes)
        {
            using var session = await ConsoleSession.SignInAsync(app, ApiScopeTests.KeyOf(scope));
            foreach (var (template, needs) in Pages)
            {
                var path = template.Replace("{uid}", uid, StringComparison.Ordinal);
                using var answer = await session.GetAsync(path);
                var missing = scope == "admin" ? null : needs.FirstOrDefault(n => n != scope);
                if (missing is null && answer.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{scope} refused {path}: {(int)answer.StatusCode}");
                }
                else if (missing is not null)
                {
                    var page = await answer.Content.ReadAsStringAsync();
                    if (answer.StatusCode != HttpStatusCode.Forbidden || !(ConsoleHtml.Text(page, "forbidden") ?? "").Contains($"scope {missing} ", StringComparison.Ordinal))
                    {
                        failures.Add($"{scope} not refused {path} with a 403 page naming {missing}: {(int)answer.StatusCode}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task An_action_posted_without_its_scope_is_refused_and_does_nothing()
    {
        await using var app = StartApp(ApiScopeTests.ScopedClients());
        var uid = NewUid();
        Vendor.Set(uid, 1);
        await TrackAsync(app, uid);
        using var reader = await ConsoleSession.SignInAsync(app, ApiScopeTests.KeyOf("read"));
        var detail = await reader.GetPageAsync($"/console/tokens/{uid}");

        // The form's antiforgery token comes from a page the reader may see; the erase itself is refused.
        var answer = await reader.Client.PostAsync($"/console/tokens/{uid}/erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ConsoleSession.AntiforgeryToken(detail),
        }));

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(0, await ScalarAsync<int>("SELECT count(*)::int FROM tracked_tokens WHERE uid = @uid AND erased_at IS NOT NULL", ("uid", uid)));
    }

    [Fact]
    public async Task A_scope_granted_at_run_time_reaches_an_open_session()
    {
        var settings = new ReloadableSettings();
        await using var app = Own(new PollerApp(
            Settings(new Dictionary<string, string?> { ["Api:Clients:ops:Key"] = ApiScopeTests.KeyOf("ops"), ["Api:Clients:ops:Scopes"] = "read" }),
            web => web.ConfigureAppConfiguration(c => c.Add(settings))).Started());
        using var session = await ConsoleSession.SignInAsync(app, ApiScopeTests.KeyOf("ops"));
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/console/track")).StatusCode);

        settings.Change("Api:Clients:ops:Scopes", "read,track");

        await EventuallyAsync(async () => (await session.GetAsync("/console/track")).StatusCode == HttpStatusCode.OK, "track to reach the session");
    }

    [Fact]
    public async Task A_read_only_key_is_offered_no_track_replay_untrack_erase_or_audit_and_an_admin_key_all_of_them()
    {
        await using var app = StartApp(ApiScopeTests.ScopedClients());
        var uid = NewUid();
        Vendor.Set(uid, 1);
        await TrackAsync(app, uid);

        using var reader = await ConsoleSession.SignInAsync(app, ApiScopeTests.KeyOf("read"));
        var seen = await reader.GetPageAsync($"/console/tokens/{uid}");
        Assert.Equal(["/console", "/console/tokens"], NavLinks(seen));
        Assert.All(["replay", "untrack", "erase"], id => Assert.Null(ConsoleHtml.Href(seen, id)));
        Assert.DoesNotContain(Links(seen).Concat(ConsoleHtml.Values(seen, "action")), href =>
            href.StartsWith("/console/track", StringComparison.Ordinal) || href.StartsWith("/console/audit", StringComparison.Ordinal)
            || href.EndsWith("/replay", StringComparison.Ordinal) || href.EndsWith("/untrack", StringComparison.Ordinal) || href.EndsWith("/erase", StringComparison.Ordinal));
        Assert.Equal(["/console/sign-out"], ConsoleHtml.Values(seen, "action"));
        Assert.Equal(
            "Not offered to your key: Replay events (needs the scope replay), Untrack (needs the scope track), Erase (needs the scope erase). An operator grants scopes in Api:Clients.",
            ConsoleHtml.Text(seen, "actions-withheld"));

        using var admin = await ConsoleSession.SignInAsync(app, ApiScopeTests.KeyOf("admin"));
        var all = await admin.GetPageAsync($"/console/tokens/{uid}");
        Assert.Equal(["/console", "/console/tokens", "/console/track", "/console/audit"], NavLinks(all));
        Assert.Equal(["replay", "untrack", "erase"], ((string[])["replay", "untrack", "erase"]).Where(id => ConsoleHtml.Href(all, id) == $"/console/tokens/{uid}/{id}"));
        Assert.False(ConsoleHtml.Has(all, "actions-withheld"));
    }

    [Fact]
    public async Task Every_link_a_key_is_offered_opens_and_a_track_only_key_starts_on_the_track_page()
    {
        await using var app = StartApp(ApiScopeTests.ScopedClients());
        var uid = NewUid();
        Vendor.Set(uid, 1);
        await TrackAsync(app, uid);

        var failures = new List<string>();
        foreach (var scope in ApiScopeTests.Scopes)
        {
            using var session = ConsoleSession.Anonymous(app);
            using var signIn = await session.TrySignInAsync(ApiScopeTests.KeyOf(scope));
            var home = signIn.Headers.Location?.OriginalString ?? "";
            Assert.Equal(scope == "track" ? "/console/track" : "/console", home);
            // The pages it may see (replay and erase act on a token's page, which needs read: alone they open nothing).
            var pages = new List<string>();
            foreach (var path in new[] { home, $"/console/tokens/{uid}" })
            {
                using var page = await session.GetAsync(path);
                if (page.StatusCode == HttpStatusCode.OK)
                {
                    pages.Add(await page.Content.ReadAsStringAsync());
                }
            }

            if (scope == "track")
            {
                // Its result lists the tokens it tracked, without links to token pages it cannot open.
                var tracked = NewUid();
                Vendor.Set(tracked, 1);
                using var result = await ConsoleTrackTests.PostAsync(session, tracked);
                var html = await result.Content.ReadAsStringAsync();
                Assert.Contains($"data-uid=\"{tracked}\"", html, StringComparison.Ordinal);
                pages.Add(html);
            }

            Assert.Equal(scope switch { "read" or "admin" or "track" => 2, _ => 0 }, pages.Count);
            foreach (var href in pages.SelectMany(Links).Distinct())
            {
                using var answer = await session.GetAsync(href);
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{scope} is offered {href}, which answers {(int)answer.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    // The console's own links (<a href="/console...">) on a page, in order.
    private static IEnumerable<string> Links(string html) =>
        Regex.Matches(html, """<a\b[^>]*\bhref="(?<href>/console[^"]*)" """.TrimEnd()).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value));

    private static IReadOnlyList<string> NavLinks(string html) =>
        [.. Links(Regex.Match(html, """<nav id="console-nav".*?</nav>""", RegexOptions.Singleline).Value)];

    private static async Task TrackAsync(PollerApp app, string uid)
    {
        using var api = app.CreateClient();
        using var answer = await ApiScopeTests.SendAsync(api, HttpMethod.Post, "/tokens", $$"""{"uid":"{{uid}}"}""", ApiScopeTests.KeyOf("track"));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
    }
}
