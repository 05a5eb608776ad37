using System.Net;
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

    private static async Task TrackAsync(PollerApp app, string uid)
    {
        using var api = app.CreateClient();
        using var answer = await ApiScopeTests.SendAsync(api, HttpMethod.Post, "/tokens", $$"""{"uid":"{{uid}}"}""", ApiScopeTests.KeyOf("track"));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
    }
}
