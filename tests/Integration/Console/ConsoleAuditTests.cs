using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Sessions;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>
/// The console's part of the audit trail (sign-ins, actions, the audit page) and sessions that end:
/// sign-out revokes the session server side (on every instance), and a session has an absolute lifetime.
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
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'sign-out' AND channel = 'console' AND outcome = 'signed-out'"));
    }

    [Fact]
    public async Task A_cookie_signed_out_on_one_instance_is_refused_on_another_within_the_refresh_interval()
    {
        // Two instances on one database, sharing their data protection keys as a load balancer without
        // sticky sessions needs (docs/operating/console.md): each reads the other's cookies.
        var keys = Directory.CreateTempSubdirectory("tchek-console-keys-");
        try
        {
            void SharedKeys(IWebHostBuilder web) => web.ConfigureServices(s => s.AddDataProtection()
                .PersistKeysToFileSystem(keys).SetApplicationName("tchek-console-test"));
            await using var a = Own(new PollerApp(Settings(), SharedKeys).Started());
            await using var b = Own(new PollerApp(Settings(), SharedKeys).Started());
            using var session = ConsoleSession.Anonymous(a);
            var signIn = await session.TrySignInAsync(PollerSettings.ApiKey);
            var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Tchek.Console=", StringComparison.Ordinal)).Split(';')[0];
            using var onB = b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
            onB.DefaultRequestHeaders.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/console")).StatusCode);

            Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync("/console/sign-out", new Dictionary<string, string>())).StatusCode);
            var signedOut = Stopwatch.StartNew();

            // B read the revocations before the sign-out: it may accept the cookie until its next read.
            HttpStatusCode status;
            do
            {
                using var answer = await onB.GetAsync("/console");
                status = answer.StatusCode;
                if (status == HttpStatusCode.Redirect)
                {
                    Assert.Equal("/console/sign-in", new Uri(onB.BaseAddress!, answer.Headers.Location!).AbsolutePath);
                    break;
                }

                Assert.Equal(HttpStatusCode.OK, status);
                await Task.Delay(100);
            }
            while (signedOut.Elapsed < SessionRevocations.RefreshInterval + TimeSpan.FromSeconds(3));

            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.True(signedOut.Elapsed <= SessionRevocations.RefreshInterval + TimeSpan.FromSeconds(1), $"B refused the cookie {signedOut.Elapsed.TotalSeconds:0.0} s after the sign-out on A");
            // And B keeps refusing it: the revocation is in the database, not a moment's state.
            Assert.Equal(HttpStatusCode.Redirect, (await onB.GetAsync("/console/tokens")).StatusCode);
        }
        finally
        {
            keys.Delete(recursive: true);
        }
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
