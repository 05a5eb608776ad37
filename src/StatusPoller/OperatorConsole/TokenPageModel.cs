namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// A console page about the token named in its route (<c>/console/tokens/{uid}/...</c>). An invalid
/// uid is a 400 with the API's own validation message, an unknown one a 404, as the API answers.
/// </summary>
internal abstract class TokenPageModel(TrackedTokens tokens) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Uid { get; set; } = "";

    /// <summary>Why the page cannot show what it was asked for; null when it can.</summary>
    public ConsoleProblem? Problem { get; protected set; }

    public TrackedToken? Token { get; private set; }

    public string DetailPath => $"{OperatorConsoleExtensions.PathPrefix}/tokens/{Uri.EscapeDataString(Uid)}";

    protected void Refuse(ConsoleProblem problem, int status)
    {
        Problem = problem;
        Response.StatusCode = status;
    }

    /// <summary>Loads <see cref="Token"/>; false (with <see cref="Problem"/> and the status set) when the uid is invalid or unknown.</summary>
    protected async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (RequestValidation.Uid(Uid) is { Count: > 0 } errors)
        {
            Refuse(ConsoleProblem.Invalid(errors), StatusCodes.Status400BadRequest);
            return false;
        }

        Token = await tokens.FindAsync(Uid, ct);
        if (Token is null)
        {
            Refuse(ConsoleProblem.UnknownToken(Uid), StatusCodes.Status404NotFound);
            return false;
        }

        return true;
    }
}
