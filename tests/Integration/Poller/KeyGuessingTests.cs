using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// Issue #22, finding 6: wrong keys are throttled per client address, on the API and the console's
/// sign-in, never for the whole instance; behind the configured proxy the address is the forwarded one,
/// and nobody else can choose the address they are counted under.
/// </summary>
[Collection("services")]
public sealed class KeyGuessingTests(ServicesFixture services) : PollerTestBase(services)
{
    private const string Wrong = "wrong-key-0123456789abcdef0123456789ab";

    private PollerApp BehindTheProxy(int maxFailures) => Own(new PollerApp(
        Settings(new Dictionary<string, string?>
        {
            ["Proxy:KnownProxies:0"] = TestPeer.Proxy,
            ["Api:MaxFailedKeyChecks"] = $"{maxFailures}",
            ["Console:MaxFailedSignIns"] = $"{maxFailures}",
        }),
        web => web.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new TestPeer()))).Started());

    [Fact]
    public async Task Wrong_api_keys_from_one_address_behind_the_proxy_do_not_lock_out_another()
    {
        await using var app = BehindTheProxy(3);
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, Wrong, forwardedFor: "203.0.113.7"));
        }

        using var throttled = await SendAsync(client, PollerSettings.ApiKey, forwardedFor: "203.0.113.7");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.InRange(throttled.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(250), TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, PollerSettings.ApiKey, forwardedFor: "198.51.100.9"));
        // Nor does the proxy itself, or a caller without a forwarded address, get locked out.
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, PollerSettings.ApiKey));
    }

    [Fact]
    public async Task Many_guessing_addresses_do_not_lock_out_another()
    {
        await using var app = BehindTheProxy(1);
        using var client = app.CreateClient();
        // More addresses than the old instance-wide backstop (20 x the per-address limit) allowed.
        for (var i = 1; i <= 25; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, Wrong, forwardedFor: $"203.0.113.{i}"));
        }

        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, PollerSettings.ApiKey, forwardedFor: "198.51.100.9"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, PollerSettings.ApiKey, forwardedFor: "203.0.113.1"));
    }

    [Fact]
    public async Task A_forwarded_address_from_a_peer_that_is_not_a_known_proxy_is_not_believed()
    {
        await using var app = BehindTheProxy(2);
        using var client = app.CreateClient();
        // An attacker connecting directly names a new address each time: counted under its own.
        for (var i = 1; i <= 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, Wrong, forwardedFor: $"198.51.100.{i}", peer: "192.0.2.66"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, PollerSettings.ApiKey, forwardedFor: "198.51.100.3", peer: "192.0.2.66"));
        // And the address it named is not locked out by it.
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, PollerSettings.ApiKey, forwardedFor: "198.51.100.1"));
    }

    [Fact]
    public async Task An_ipv6_guesser_cannot_escape_by_moving_within_its_64()
    {
        await using var app = BehindTheProxy(2);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, Wrong, forwardedFor: "2001:db8:1:2::1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, Wrong, forwardedFor: "2001:db8:1:2::2"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, PollerSettings.ApiKey, forwardedFor: "2001:db8:1:2:ffff::3"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, PollerSettings.ApiKey, forwardedFor: "2001:db8:1:3::1"));
    }

    [Fact]
    public async Task Console_sign_in_failures_from_one_address_do_not_lock_out_another()
    {
        await using var app = BehindTheProxy(2);
        using var guesser = From(app, "203.0.113.7");
        using var operatorSession = From(app, "198.51.100.9");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.TrySignInAsync(Wrong)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.TrySignInAsync(PollerSettings.ApiKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await operatorSession.TrySignInAsync(PollerSettings.ApiKey)).StatusCode);
    }

    [Fact]
    public async Task Console_sign_in_failures_from_many_addresses_do_not_lock_out_another()
    {
        await using var app = BehindTheProxy(1);
        for (var i = 1; i <= 25; i++)
        {
            using var guesser = From(app, $"203.0.113.{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.TrySignInAsync(Wrong)).StatusCode);
        }

        using var operatorSession = From(app, "198.51.100.9");
        Assert.Equal(HttpStatusCode.Redirect, (await operatorSession.TrySignInAsync(PollerSettings.ApiKey)).StatusCode);
    }

    private static ConsoleSession From(PollerApp app, string address)
    {
        var session = ConsoleSession.Anonymous(app);
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return session;
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string key, string? forwardedFor = null, string? peer = null)
    {
        using var answer = await SendAsync(client, key, forwardedFor, peer);
        return answer.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string key, string? forwardedFor = null, string? peer = null) =>
        ApiScopeTests.SendAsync(client, HttpMethod.Get, "/tokens/TNOTHERE", null, key, request =>
        {
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            if (peer is not null)
            {
                request.Headers.Add(TestPeer.Header, peer);
            }
        });
}
