using Microsoft.AspNetCore.Authentication;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// Sign-in with an API key, bound from the form only and never echoed or stored (the cookie holds its
/// fingerprint). Throttled attempts (<see cref="SignInAttempts"/>) check no key and are not audited.
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
        var client = ClientFailures.Partition(HttpContext.Connection.RemoteIpAddress);
        if (attempts.Check(client) is { Allowed: false } verdict)
        {
            // Not recorded: a row per throttled attempt would let one address fill the trail. The
            // refusal that started the throttle says so in its own row.
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
            await RecordAsync("unknown-key", "refused", attempts.Check(client) is { Allowed: false } now ? $"address throttled for {now.RetryAfterSeconds} s" : null);
            Error = "That key is not accepted.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var principal = ConsoleAuthentication.Principal(caller, time.GetUtcNow());
        await HttpContext.SignInAsync(ConsoleAuthentication.SchemeName, principal);
        LogSignedIn(caller.Name, caller.Fingerprint);
        await RecordAsync(caller.Name, "signed-in", null);
        var next = ConsoleReturnUrl.Safe(ReturnUrl);
        return LocalRedirect(next == OperatorConsoleExtensions.PathPrefix ? ConsoleScopes.Home(caller.Scopes) : next);
    }

    private Task RecordAsync(string actor, string outcome, string? detail) => audit.AppendAsync(
        new AuditEntry(time.GetUtcNow(), new Actor(actor, Actor.Console, HttpContext.Connection.RemoteIpAddress?.ToString()), AuditActions.SignIn, null, detail, outcome),
        CancellationToken.None);

    [LoggerMessage(LogLevel.Warning, "Console sign-in refused for client {ClientAddress}: unknown API key")]
    private partial void LogRefused(string clientAddress);

    [LoggerMessage(LogLevel.Warning, "Console sign-in throttled for client {ClientAddress}: too many failed attempts, retry in {RetryAfterSeconds} s")]
    private partial void LogThrottled(string clientAddress, int retryAfterSeconds);

    [LoggerMessage(LogLevel.Information, "Console sign-in by {Caller} (key {Fingerprint})")]
    private partial void LogSignedIn(string caller, string fingerprint);
}
