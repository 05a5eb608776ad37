using Microsoft.AspNetCore.Mvc;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Audit;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>Erase a token, after a confirmation: what <c>POST /tokens/{uid}/erase</c> does.</summary>
internal sealed class EraseModel(TrackedTokens tokens, TokenTracking tracking) : TokenPageModel(tokens)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (RequestValidation.Uid(Uid) is { Count: > 0 })
        {
            await LoadAsync(ct);
            return Page();
        }

        if (!await tracking.EraseAsync(Uid, Actor.Of(HttpContext, Actor.Console), ct))
        {
            Refuse(ConsoleProblem.UnknownToken(Uid), StatusCodes.Status404NotFound);
            return Page();
        }

        TempData.Flash($"Erased {Uid}: its snapshot, labels and published events are gone; the uid stays as a tombstone.");
        return Redirect(DetailPath);
    }
}
