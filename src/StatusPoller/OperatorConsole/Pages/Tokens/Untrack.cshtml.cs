using Microsoft.AspNetCore.Mvc;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Audit;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>Stop tracking a token, after a confirmation: what <c>DELETE /tokens/{uid}</c> does.</summary>
internal sealed class UntrackModel(TrackedTokens tokens, TokenTracking tracking) : TokenPageModel(tokens)
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
            // LoadAsync says why, with the API's words.
            await LoadAsync(ct);
            return Page();
        }

        switch (await tracking.UntrackAsync(Uid, Actor.Of(HttpContext, Actor.Console), ct))
        {
            case UntrackOutcome.NotFound:
                Refuse(ConsoleProblem.UnknownToken(Uid), StatusCodes.Status404NotFound);
                return Page();
            case UntrackOutcome.AlreadyStopped:
                TempData.Flash($"{Uid} was already stopped: nothing changed.");
                break;
            default:
                TempData.Flash($"Stopped tracking {Uid}: TokenTrackingStopped (Untracked) is its last event.");
                break;
        }

        return Redirect(DetailPath);
    }
}
