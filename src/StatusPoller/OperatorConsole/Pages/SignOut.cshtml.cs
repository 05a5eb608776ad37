using Microsoft.AspNetCore.Authentication;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// Sign-out is a POST (with its antiforgery token): a link or an image elsewhere cannot end a session.
/// It revokes the session on every instance, not only the browser's cookie: a copy of the cookie is refused too.
/// </summary>
internal sealed class SignOutModel(SessionRevocations revocations, IOptions<ConsoleOptions> options, AuditLog audit, TimeProvider time) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ConsoleAuthentication.Session(User, options.Value.SessionLifetime) is { } session)
        {
            await revocations.RevokeAsync(session.Id, session.Ends, ct);
        }

        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), Actor.Of(HttpContext, Actor.Console), AuditActions.SignOut, null, null, "signed-out"), CancellationToken.None);
        await HttpContext.SignOutAsync(ConsoleAuthentication.SchemeName);
        TempData.Flash("You are signed out.");
        return Redirect(OperatorConsoleExtensions.PathPrefix + "/sign-in");
    }
}
