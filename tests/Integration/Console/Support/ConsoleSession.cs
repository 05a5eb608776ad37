using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole.Support;

/// <summary>
/// A browser-like client of the operator console over a <see cref="PollerApp"/>: it keeps cookies,
/// does not follow redirects (tests look at them), and POSTs forms with the antiforgery token read
/// from the page the form is on, as a browser would. It talks https to the in-process server, so
/// the console's Secure cookies travel as they would behind TLS.
/// </summary>
public sealed partial class ConsoleSession : IDisposable
{
    public const string SignInPath = "/console/sign-in";

    private ConsoleSession(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    /// <summary>A session not yet signed in.</summary>
    public static ConsoleSession Anonymous(PollerApp app) => new(app.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    }));

    /// <summary>A session signed in with <paramref name="apiKey"/> (the test key by default); fails if sign-in is refused.</summary>
    public static async Task<ConsoleSession> SignInAsync(PollerApp app, string apiKey = PollerSettings.ApiKey)
    {
        var session = Anonymous(app);
        var answer = await session.TrySignInAsync(apiKey);
        if (answer.StatusCode != HttpStatusCode.Redirect)
        {
            session.Dispose();
            throw new InvalidOperationException($"Console sign-in answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }

        return session;
    }

    /// <summary>Posts the sign-in form with <paramref name="apiKey"/>; 302 when accepted.</summary>
    public Task<HttpResponseMessage> TrySignInAsync(string apiKey, string? returnUrl = null) =>
        PostFormAsync(returnUrl is null ? SignInPath : $"{SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["apiKey"] = apiKey,
            ["returnUrl"] = returnUrl ?? "",
        });

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path);

    /// <summary>The page's HTML; fails unless it answers 200.</summary>
    public async Task<string> GetPageAsync(string path)
    {
        using var answer = await Client.GetAsync(path);
        var html = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)answer.StatusCode} (Location {answer.Headers.Location}): {html}");
        }

        return html;
    }

    /// <summary>
    /// Reads the page at <paramref name="pagePath"/>, then posts <paramref name="fields"/> with that
    /// page's antiforgery token to <paramref name="action"/> (the page itself by default).
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, IDictionary<string, string> fields, string? action = null)
    {
        var token = AntiforgeryToken(await GetPageAsync(pagePath));
        return await PostFormWithoutFetchingAsync(action ?? pagePath, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
    }

    /// <summary>Posts exactly <paramref name="fields"/> (no antiforgery token unless given): for tests of the refusal.</summary>
    public Task<HttpResponseMessage> PostFormWithoutFetchingAsync(string action, IDictionary<string, string> fields) =>
        Client.PostAsync(action, new FormUrlEncodedContent(fields));

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public static string AntiforgeryToken(string html) =>
        TokenInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException("The page has no antiforgery token: " + html);

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<value>[^"]+)"|<input[^>]*value="(?<value>[^"]+)"[^>]*name="__RequestVerificationToken""")]
    private static partial Regex TokenInput();
}
