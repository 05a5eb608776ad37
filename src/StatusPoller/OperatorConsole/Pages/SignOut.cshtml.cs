using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>Sign-out is a POST (with its antiforgery token): a link or an image elsewhere cannot end a session.</summary>
internal sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuthentication.SchemeName);
        TempData.Flash("You are signed out.");
        return Redirect(OperatorConsoleExtensions.PathPrefix + "/sign-in");
    }
}
