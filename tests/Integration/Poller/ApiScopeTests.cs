using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// Issue #22, finding 4 (the scope and rate-limit half): named keys with scopes, each endpoint needs
/// its scope (403 problem naming it otherwise), scopes change without a restart, and a key over its
/// rate limit gets 429 with Retry-After.
/// </summary>
[Collection("services")]
public sealed class ApiScopeTests(ServicesFixture services) : PollerTestBase(services)
{
    public static readonly string[] Scopes = ["read", "track", "replay", "erase", "admin"];

    /// <summary>A key per scope, named after it: Api:Clients:&lt;scope&gt;-client.</summary>
    public static string KeyOf(string scope) => $"{scope}-key-0123456789abcdef0123456789abcdef";

    public static Dictionary<string, string?> ScopedClients() => Scopes.SelectMany(scope => new[]
    {
        new KeyValuePair<string, string?>($"Api:Clients:{scope}-client:Key", KeyOf(scope)),
        new KeyValuePair<string, string?>($"Api:Clients:{scope}-client:Scopes", scope),
    }).ToDictionary();

    // Every route of the API, with the scope it needs. Uids that are not tracked: a granted call is a 404
    // or succeeds, never a 401 or 403.
    private static readonly (HttpMethod Method, string Path, string? Body, string Scope)[] Endpoints =
    [
        (HttpMethod.Post, "/tokens", """{"uid":"TSCOPE01"}""", "track"),
        (HttpMethod.Post, "/tokens/batch", """{"tokens":[{"uid":"TSCOPE02"}]}""", "track"),
        (HttpMethod.Get, "/tokens", null, "read"),
        (HttpMethod.Get, "/tokens/TNOTHERE", null, "read"),
        (HttpMethod.Get, "/tokens/TNOTHERE/events", null, "read"),
        (HttpMethod.Delete, "/tokens/TNOTHERE", null, "track"),
        (HttpMethod.Post, "/tokens/TNOTHERE/erase", null, "erase"),
        (HttpMethod.Post, "/tokens/TNOTHERE/replay", null, "replay"),
        (HttpMethod.Post, "/events/replay", """{"tokenUid":"TNOTHERE"}""", "replay"),
        (HttpMethod.Get, "/audit", null, "admin"),
    ];

    [Fact]
    public async Task Each_scope_reaches_its_endpoints_and_gets_a_problem_naming_the_scope_elsewhere()
    {
        await using var app = StartApp(ScopedClients());
        using var client = app.CreateClient();
        var failures = new List<string>();

        foreach (var (method, path, body, needed) in Endpoints)
        {
            foreach (var scope in Scopes)
            {
                using var answer = await SendAsync(client, method, path, body, KeyOf(scope));
                var granted = scope == needed || scope == "admin";
                if (granted && answer.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{scope} refused {method} {path}: {(int)answer.StatusCode}");
                }
                else if (!granted && !await IsScopeProblemAsync(answer, needed))
                {
                    failures.Add($"{scope} not refused {method} {path} with a 403 problem naming {needed}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task A_key_is_named_in_the_log_by_its_client_name_never_by_the_key()
    {
        var log = new LogCapture();
        await using var app = Own(new PollerApp(
            Settings(new Dictionary<string, string?>(ScopedClients()) { ["Logging:LogLevel:Tchek.Events.StatusPoller.Relay"] = "Information" }),
            web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(log)))).Started());
        using var client = app.CreateClient();

        using var answer = await SendAsync(client, HttpMethod.Post, "/events/replay", """{"tokenUid":"TNOTHERE"}""", KeyOf("replay"));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Contains(log.Lines, l => l.Contains("Replay for replay-client", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(KeyOf("replay"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scopes_and_keys_change_without_a_restart()
    {
        var settings = new ReloadableSettings();
        await using var app = Own(new PollerApp(
            Settings(new Dictionary<string, string?> { ["Api:Clients:crm:Key"] = KeyOf("crm"), ["Api:Clients:crm:Scopes"] = "read" }),
            web => web.ConfigureAppConfiguration(c => c.Add(settings))).Started());
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Delete, "/tokens/TNOTHERE", null, KeyOf("crm"))).StatusCode);

        settings.Change("Api:Clients:crm:Scopes", "read,track");
        await EventuallyAsync(async () => (await SendAsync(client, HttpMethod.Delete, "/tokens/TNOTHERE", null, KeyOf("crm"))).StatusCode == HttpStatusCode.NotFound, "track to be granted");

        settings.Change("Api:Clients:crm:Key", KeyOf("crm-next"));
        await EventuallyAsync(async () => (await SendAsync(client, HttpMethod.Get, "/tokens/TNOTHERE", null, KeyOf("crm-next"))).StatusCode == HttpStatusCode.NotFound, "the new key to be accepted");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/tokens/TNOTHERE", null, KeyOf("crm"))).StatusCode);
    }

    [Fact]
    public async Task A_deprecated_key_keeps_every_scope_and_the_start_names_the_new_form()
    {
        var log = new LogCapture();
        await using var app = Own(new PollerApp(Settings(), web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(log)))).Started());
        using var api = app.CreateApiClient();

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/tokens/TNOTHERE/erase", null)).StatusCode);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains("Api:Keys is deprecated", StringComparison.Ordinal) && l.Contains("Api__Clients__<name>__Scopes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_after_and_other_keys_do_not()
    {
        await using var app = StartApp(new Dictionary<string, string?>(ScopedClients()) { ["Api:RateLimitPermits"] = "3", ["Api:RateLimitWindow"] = "00:01:00" });
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, "/tokens/TNOTHERE", null, KeyOf("read"))).StatusCode);
        }

        using var limited = await SendAsync(client, HttpMethod.Get, "/tokens/TNOTHERE", null, KeyOf("read"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // Another key's budget is its own; the same caller through another route shares it.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, "/tokens/TNOTHERE", null, KeyOf("admin"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, HttpMethod.Get, "/tokens", null, KeyOf("read"))).StatusCode);
    }

    [Theory]
    [InlineData("Api:RateLimitPermits", "0")]
    [InlineData("Api:RateLimitWindow", "00:00:00")]
    [InlineData("Api:MaxFailedKeyChecks", "0")]
    [InlineData("Proxy:KnownProxies:0", "not-an-address")]
    public async Task Bad_limits_stop_the_start_naming_the_option(string option, string value)
    {
        await using var app = Own(new PollerApp(Settings(new Dictionary<string, string?> { [option] = value })));

        var error = Assert.ThrowsAny<Exception>(() => app.Started());

        Assert.Contains(option.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? body, string key, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    private static async Task<bool> IsScopeProblemAsync(HttpResponseMessage answer, string scope)
    {
        if (answer.StatusCode != HttpStatusCode.Forbidden || answer.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("status").GetInt32() == 403
            && problem.RootElement.GetProperty("scope").GetString() == scope
            && problem.RootElement.GetProperty("detail").GetString()!.Contains($"'{scope}'", StringComparison.Ordinal);
    }
}
