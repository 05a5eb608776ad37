using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tchek.Events.StatusPoller.Api;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// Sign-in with an API key. The key is bound from the form only, compared by <see cref="ApiKeyRing"/>,
/// and never written back: the page does not echo it, the cookie holds its fingerprint, logs the client address.
/// </summary>
internal sealed partial class SignInModel(ApiKeyRing keys, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || keys.Match(apiKey) is not { } fingerprint)
        {
            LogRefused(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            Error = "That key is not accepted.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleAuthentication.SchemeName, ConsoleAuthentication.Principal(fingerprint));
        LogSignedIn(fingerprint);
        return LocalRedirect(ConsoleReturnUrl.Safe(ReturnUrl));
    }

    [LoggerMessage(LogLevel.Warning, "Console sign-in refused for client {ClientAddress}: unknown API key")]
    private partial void LogRefused(string clientAddress);

    [LoggerMessage(LogLevel.Information, "Console sign-in with key {Fingerprint}")]
    private partial void LogSignedIn(string fingerprint);
}
