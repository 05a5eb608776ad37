using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>Signing in to the operator console, the session's cookie, the throttle, and what a session is allowed.</summary>
[Collection("services")]
public sealed class ConsoleSignInTests(ServicesFixture services) : PollerTestBase(services)
{
    private const string SessionCookie = "__Tchek.Console";

    [Fact]
    public async Task The_right_key_opens_a_session_that_reaches_the_console()
    {
        await using var app = StartApp();
        using var session = ConsoleSession.Anonymous(app);

        var answer = await session.TrySignInAsync(PollerSettings.ApiKey, "/console/track");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/console/track", answer.Headers.Location?.OriginalString);
        var overview = await session.GetPageAsync("/console");
        Assert.True(ConsoleHtml.Has(overview, "console-nav"));
        Assert.True(ConsoleHtml.Has(overview, "sign-out"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_without_a_session_and_logged_without_the_key()
    {
        var log = new LogCapture();
        await using var app = Own(new PollerApp(Settings(), web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(log)))).Started());
        using var session = ConsoleSession.Anonymous(app);
        const string wrong = "not-the-key-0123456789-abcdefghijkl";

        var answer = await session.TrySignInAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        var page = await answer.Content.ReadAsStringAsync();
        Assert.Equal("That key is not accepted.", ConsoleHtml.Text(page, "sign-in-error"));
        Assert.DoesNotContain(wrong, page, StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(answer), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/console")).StatusCode);
        Assert.Contains(log.Lines, l => l.Contains("Console sign-in refused for client", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_too_many_failures_even_the_right_key_gets_429_with_retry_after()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Console:MaxFailedSignIns"] = "3" });
        using var session = ConsoleSession.Anonymous(app);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.TrySignInAsync("wrong-key-" + i)).StatusCode);
        }

        var answer = await session.TrySignInAsync(PollerSettings.ApiKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        var retryAfter = answer.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(250), TimeSpan.FromMinutes(5));
        Assert.StartsWith("Too many failed sign-ins from your address. Try again in", ConsoleHtml.Text(await answer.Content.ReadAsStringAsync(), "sign-in-error"), StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(answer), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_session_cookie_is_httponly_strict_scoped_to_the_console_and_secure_off_loopback()
    {
        // A test middleware stands in for the client's address (the in-process server has none) and
        // for the request's scheme: plain HTTP as the poller sees it behind a proxy that ends TLS,
        // while the test's client, like the browser, speaks https and so sends Secure cookies back.
        foreach (var (client, https, secure) in new[] { ("203.0.113.7", false, true), ("127.0.0.1", false, false), ("::1", false, false), ("127.0.0.1", true, true) })
        {
            await using var app = Own(new PollerApp(Settings(), web => web.ConfigureServices(s =>
                s.AddSingleton<IStartupFilter>(new ClientAddress(IPAddress.Parse(client), https ? "https" : "http")))).Started());
            using var session = ConsoleSession.Anonymous(app);

            var answer = await session.PostFormAsync(ConsoleSession.SignInPath, new Dictionary<string, string> { ["apiKey"] = PollerSettings.ApiKey });

            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            var cookie = Assert.Single(SetCookies(answer), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal)).ToLowerInvariant();
            Assert.Contains("httponly", cookie, StringComparison.Ordinal);
            Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
            Assert.Contains("path=/console", cookie, StringComparison.Ordinal);
            Assert.True(secure == cookie.Contains("secure", StringComparison.Ordinal), $"{client} over {(https ? "https" : "http")}: {cookie}");
            Assert.DoesNotContain(PollerSettings.ApiKey.ToLowerInvariant(), cookie, StringComparison.Ordinal);
            Assert.DoesNotContain("expires=", cookie, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_session_cookie_is_secure_from_an_unknown_client_address()
    {
        await using var app = StartApp();
        using var session = ConsoleSession.Anonymous(app);

        var answer = await session.TrySignInAsync(PollerSettings.ApiKey);

        var cookie = Assert.Single(SetCookies(answer), c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unauthenticated_page_redirects_to_sign_in_with_a_local_return_url()
    {
        await using var app = StartApp();
        using var session = ConsoleSession.Anonymous(app);

        using var answer = await session.GetAsync("/console/track");
        var signIn = await session.GetPageAsync(answer.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/console/sign-in?returnUrl=%2Fconsole%2Ftrack", answer.Headers.Location!.PathAndQuery);
        Assert.Contains("value=\"/console/track\"", signIn, StringComparison.Ordinal);
        Assert.Equal("/console", (await session.TrySignInAsync(PollerSettings.ApiKey, "https://evil.example/console")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Removing_the_key_from_the_configuration_ends_its_sessions()
    {
        var settings = new ReloadableSettings();
        await using var app = Own(new PollerApp(Settings(), web => web.ConfigureAppConfiguration(c => c.Add(settings))).Started());
        using var session = await ConsoleSession.SignInAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/console")).StatusCode);

        settings.Change("Api:Keys:0", "the-next-key-0123456789abcdef-0123");

        await EventuallyAsync(async () => (await session.GetAsync("/console")).StatusCode == HttpStatusCode.Redirect, "the session to end");
        Assert.StartsWith("/console/sign-in", (await session.GetAsync("/console")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_is_a_post_that_ends_the_session()
    {
        await using var app = StartApp();
        using var session = await ConsoleSession.SignInAsync(app);

        var answer = await session.PostFormAsync("/console", new Dictionary<string, string>(), "/console/sign-out");
        var signIn = await session.GetPageAsync(answer.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("You are signed out.", ConsoleHtml.Text(signIn, "flash"));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task Console_answers_carry_the_security_headers_and_the_api_keeps_its_401_problem()
    {
        await using var app = StartApp();
        using var session = await ConsoleSession.SignInAsync(app);
        using var client = app.CreateClient();

        foreach (var path in new[] { "/console", "/console/sign-in", "/console/tokens", "/console/assets/console.css" })
        {
            using var answer = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
                Assert.Single(answer.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(answer.Headers.GetValues("Referrer-Policy")));
            Assert.True(answer.Headers.CacheControl?.NoStore, path);
        }

        using var api = await client.GetAsync("/tokens/T0000000");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
        // A console session is no API key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/tokens/T0000000")).StatusCode);
    }

    [Fact]
    public async Task The_stylesheet_and_script_are_served_from_the_assembly()
    {
        await using var app = StartApp();
        using var session = ConsoleSession.Anonymous(app);

        using var css = await session.GetAsync("/console/assets/console.css");
        using var js = await session.GetAsync("/console/assets/console.js");

        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-refresh-url", await js.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/console/assets/nope.js")).StatusCode);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage answer) =>
        answer.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    /// <summary>Sets the connection's client address and the request's scheme, as a real listener (or a proxy) would.</summary>
    private sealed class ClientAddress(IPAddress address, string scheme) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                context.Request.Scheme = scheme;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
