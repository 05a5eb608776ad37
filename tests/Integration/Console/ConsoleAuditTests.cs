using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Api;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>
/// The console's part of the audit trail (sign-ins, actions, the audit page) and sessions that end:
/// sign-out revokes the session server side, and a session has an absolute lifetime.
/// </summary>
[Collection("services")]
public sealed class ConsoleAuditTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly string Actor = "key:" + ApiKeyRing.Fingerprint(PollerSettings.ApiKey);

    [Fact]
    public async Task Sign_ins_and_console_actions_are_recorded_on_the_console_channel()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Polling:UnopenedInterval"] = "00:10:00" });
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);
        await api.PostAsJsonAsync("/tokens", new { uid });
        using (var guesser = ConsoleSession.Anonymous(app))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.TrySignInAsync("not-the-key-0123456789-abcdefghijkl")).StatusCode);
        }

        using var session = await ConsoleSession.SignInAsync(app);
        var confirmPath = ConsoleHtml.Href(await session.GetPageAsync($"/console/tokens/{uid}"), "untrack")!;
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync(confirmPath, new Dictionary<string, string>())).StatusCode);

        var signIns = await EntriesAsync(api, "/audit?action=sign-in");
        Assert.Equal([("unknown-key", "refused"), (Actor, "signed-in")], signIns.AsEnumerable().Reverse().Select(e => (e.Actor, e.Outcome)));
        Assert.All(signIns, e => Assert.Equal("console", e.Channel));
        var untrack = Assert.Single(await EntriesAsync(api, $"/audit?uid={uid}&action=untrack"));
        Assert.Equal((Actor, "console", "untracked"), (untrack.Actor, untrack.Channel, untrack.Outcome));
        // The console shows the trail, filtered.
        var page = await session.GetPageAsync($"/console/audit?uid={uid}");
        Assert.Contains("untracked", page, StringComparison.Ordinal);
        Assert.DoesNotContain("signed-in", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_of_a_named_key_records_its_name_and_only_admin_reads_the_trail()
    {
        await using var app = StartApp(new Dictionary<string, string?>(ApiScopeTests.ScopedClients()) { ["Polling:UnopenedInterval"] = "00:10:00" });
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);
        await api.PostAsJsonAsync("/tokens", new { uid });
        using var operatorSession = await ConsoleSession.SignInAsync(app, ApiScopeTests.KeyOf("admin"));
        var confirmPath = ConsoleHtml.Href(await operatorSession.GetPageAsync($"/console/tokens/{uid}"), "untrack")!;
        Assert.Equal(HttpStatusCode.Redirect, (await operatorSession.PostFormAsync(confirmPath, new Dictionary<string, string>())).StatusCode);
        using var reader = await ConsoleSession.SignInAsync(app, ApiScopeTests.KeyOf("read"));

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/console/audit")).StatusCode);
        var untrack = Assert.Single(await EntriesAsync(api, $"/audit?uid={uid}&action=untrack"));
        Assert.Equal(("admin-client", "console", "untracked"), (untrack.Actor, untrack.Channel, untrack.Outcome));
        var signIns = await EntriesAsync(api, "/audit?action=sign-in");
        Assert.Equal(["admin-client", "read-client"], signIns.AsEnumerable().Reverse().Select(e => e.Actor));
        Assert.Contains("admin-client", await operatorSession.GetPageAsync($"/console/audit?uid={uid}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copied_cookie_is_refused_after_sign_out()
    {
        await using var app = StartApp();
        using var session = ConsoleSession.Anonymous(app);
        var signIn = await session.TrySignInAsync(PollerSettings.ApiKey);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Tchek.Console=", StringComparison.Ordinal)).Split(';')[0];
        using var thief = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/console")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync("/console/sign-out", new Dictionary<string, string>())).StatusCode);

        var after = await thief.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/console/sign-in", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM console_session_revocations"));
    }

    [Fact]
    public async Task A_session_older_than_its_lifetime_is_refused_even_when_active()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["Console:SessionTimeout"] = "00:00:03",
            ["Console:SessionLifetime"] = "00:00:04",
        });
        var clock = Stopwatch.StartNew();
        using var session = await ConsoleSession.SignInAsync(app);

        // Active all along: a request every half second keeps the sliding window open.
        var answers = new List<(TimeSpan At, HttpStatusCode Status)>();
        while (clock.Elapsed < TimeSpan.FromSeconds(6.5))
        {
            answers.Add((clock.Elapsed, (await session.GetAsync("/console/track")).StatusCode));
            await Task.Delay(500);
        }

        Assert.All(answers.Where(a => a.At < TimeSpan.FromSeconds(2.5)), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers.Where(a => a.At > TimeSpan.FromSeconds(5.2)), a => Assert.Equal(HttpStatusCode.Redirect, a.Status));
    }

    private static async Task<List<Entry>> EntriesAsync(HttpClient api, string path)
    {
        var answer = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<Page>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!.Items;
    }

    private sealed record Entry(string Actor, string Channel, string Action, string? Uid, string Outcome);

    private sealed record Page(List<Entry> Items, string? NextCursor);
}
