namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>A page that does one thing to its token after a confirmation: the form shows the token, the post acts, then back to its detail.</summary>
internal abstract class TokenActionPageModel(TrackedTokens tokens) : TokenPageModel(tokens)
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

        if (await ActAsync(Actor.Of(HttpContext, Actor.Console), ct) is not { } done)
        {
            Refuse(ConsoleProblem.UnknownToken(Uid), StatusCodes.Status404NotFound);
            return Page();
        }

        TempData.Flash(done);
        return Redirect(DetailPath);
    }

    /// <summary>Does the page's action for <paramref name="actor"/>: what to tell the operator, or null when the token is unknown.</summary>
    protected abstract Task<string?> ActAsync(Actor actor, CancellationToken ct);
}
