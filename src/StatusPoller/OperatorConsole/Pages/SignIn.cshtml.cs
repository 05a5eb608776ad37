using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Audit;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// Sign-in with an API key. The key is bound from the form only, compared by <see cref="ApiKeyRing"/>,
/// and never written back: the page does not echo it, the cookie holds its fingerprint, logs the client address.
/// Failed attempts are throttled per client address (<see cref="SignInAttempts"/>); a throttled attempt
/// is a 429 whose key is not even checked. Every attempt is recorded in the audit trail, never with its key.
/// </summary>
internal sealed partial class SignInModel(ApiKeyRing keys, SignInAttempts attempts, AuditLog audit, TimeProvider time, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? apiKey)
    {
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (attempts.Check(client) is { Allowed: false } verdict)
        {
            LogThrottled(client, verdict.RetryAfterSeconds);
            await RecordAsync("anonymous", "throttled");
            Error = $"Too many failed sign-ins from your address. Try again in {ConsoleText.Span(TimeSpan.FromSeconds(verdict.RetryAfterSeconds))}.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = $"{verdict.RetryAfterSeconds}";
            return Page();
        }

        if (string.IsNullOrEmpty(apiKey) || keys.Match(apiKey) is not { } fingerprint)
        {
            attempts.Failed(client);
            LogRefused(client);
            await RecordAsync("unknown-key", "refused");
            Error = "That key is not accepted.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var principal = ConsoleAuthentication.Principal(fingerprint, time.GetUtcNow());
        await HttpContext.SignInAsync(ConsoleAuthentication.SchemeName, principal);
        LogSignedIn(fingerprint);
        await RecordAsync(principal.Identity!.Name!, "signed-in");
        return LocalRedirect(ConsoleReturnUrl.Safe(ReturnUrl));
    }

    private Task RecordAsync(string actor, string outcome) => audit.AppendAsync(
        new AuditEntry(time.GetUtcNow(), new Actor(actor, Actor.Console, HttpContext.Connection.RemoteIpAddress?.ToString()), AuditActions.SignIn, null, null, outcome),
        CancellationToken.None);

    [LoggerMessage(LogLevel.Warning, "Console sign-in refused for client {ClientAddress}: unknown API key")]
    private partial void LogRefused(string clientAddress);

    [LoggerMessage(LogLevel.Warning, "Console sign-in throttled for client {ClientAddress}: too many failed attempts, retry in {RetryAfterSeconds} s")]
    private partial void LogThrottled(string clientAddress, int retryAfterSeconds);

    [LoggerMessage(LogLevel.Information, "Console sign-in with key {Fingerprint}")]
    private partial void LogSignedIn(string fingerprint);
}
