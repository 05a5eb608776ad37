using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tchek.Events.StatusPoller.Api;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// Sign-in with an API key. The key is bound from the form only, compared by <see cref="ApiKeyRing"/>,
/// and never written back: the page does not echo it, the cookie holds its fingerprint, logs the client address.
/// Failed attempts are throttled per client address (<see cref="SignInAttempts"/>); a throttled attempt
/// is a 429 whose key is not even checked.
/// </summary>
internal sealed partial class SignInModel(ApiKeyRing keys, SignInAttempts attempts, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? apiKey)
    {
        var client = ClientFailures.Partition(HttpContext.Connection.RemoteIpAddress);
        if (attempts.Check(client) is { Allowed: false } verdict)
        {
            LogThrottled(client, verdict.RetryAfterSeconds);
            Error = $"Too many failed sign-ins from your address. Try again in {ConsoleText.Span(TimeSpan.FromSeconds(verdict.RetryAfterSeconds))}.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = $"{verdict.RetryAfterSeconds}";
            return Page();
        }

        if (string.IsNullOrEmpty(apiKey) || keys.Match(apiKey) is not { } caller)
        {
            attempts.Failed(client);
            LogRefused(client);
            Error = "That key is not accepted.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleAuthentication.SchemeName, ConsoleAuthentication.Principal(caller));
        LogSignedIn(caller.Name, caller.Fingerprint);
        return LocalRedirect(ConsoleReturnUrl.Safe(ReturnUrl));
    }

    [LoggerMessage(LogLevel.Warning, "Console sign-in refused for client {ClientAddress}: unknown API key")]
    private partial void LogRefused(string clientAddress);

    [LoggerMessage(LogLevel.Warning, "Console sign-in throttled for client {ClientAddress}: too many failed attempts, retry in {RetryAfterSeconds} s")]
    private partial void LogThrottled(string clientAddress, int retryAfterSeconds);

    [LoggerMessage(LogLevel.Information, "Console sign-in by {Caller} (key {Fingerprint})")]
    private partial void LogSignedIn(string caller, string fingerprint);
}
