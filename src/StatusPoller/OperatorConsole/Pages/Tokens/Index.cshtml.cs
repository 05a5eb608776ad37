namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>
/// The tokens: by uid (straight to the token), or filtered by external reference, status and state,
/// a page at a time through the same validation, listing and cursor as <c>GET /tokens</c>.
/// </summary>
internal sealed class IndexModel(TrackedTokens tokens, EventLog log) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "uid")]
    public string? Uid { get; set; }

    [BindProperty(SupportsGet = true, Name = "externalReference")]
    public string? ExternalReference { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "cursor")]
    public string? Cursor { get; set; }

    public ConsoleProblem? Problem { get; private set; }

    /// <summary>Why the list is empty, in words; null when it has rows.</summary>
    public string? Empty { get; private set; }

    public IReadOnlyList<TokenRow> Rows { get; private set; } = [];

    public string? NextPage { get; private set; }

    public string? FirstPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        (Uid, ExternalReference, Status, State, Cursor) = (Blank(Uid), Blank(ExternalReference), Blank(Status), Blank(State), Blank(Cursor));
        if (Uid is not null)
        {
            return await FindAsync(Uid, ct);
        }

        if (RequestValidation.TokenList(State, Status, ExternalReference, null, PageSize.ToString(CultureInfo.InvariantCulture), Cursor, out var filter) is { Count: > 0 } errors)
        {
            Problem = ConsoleProblem.Invalid(errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (page, more) = await tokens.ListAsync(filter, ct);
        var lastChanges = await log.LastEventTimesAsync([.. page.Select(t => t.Uid)], ct);
        Rows = [.. page.Select(t => TokenRow.Of(t, lastChanges.TryGetValue(t.Uid, out var at) ? at : null))];
        NextPage = more ? Link(TokenCursor.Encode(page[^1].Uid)) : null;
        FirstPage = Cursor is null ? null : Link(null);
        if (Rows.Count == 0)
        {
            Empty = Cursor is not null ? "No more tokens match." : Filtered ? "No token matches these filters." : "No token is tracked yet.";
        }

        return Page();
    }

    public bool Filtered => ExternalReference is not null || Status is not null || State is not null;

    /// <summary>An exact uid goes straight to its page; the primary key answers, so no list is read.</summary>
    private async Task<IActionResult> FindAsync(string uid, CancellationToken ct)
    {
        if (RequestValidation.Uid(uid) is { Count: > 0 } errors)
        {
            Problem = ConsoleProblem.Invalid(errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (await tokens.ExistsAsync(uid, ct))
        {
            return Redirect($"{OperatorConsoleExtensions.PathPrefix}/tokens/{Uri.EscapeDataString(uid)}");
        }

        Empty = $"No token has uid {uid}.";
        return Page();
    }

    private string Link(string? cursor)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("externalReference", ExternalReference);
        Add("status", Status);
        Add("state", State);
        Add("cursor", cursor);
        return $"{OperatorConsoleExtensions.PathPrefix}/tokens" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>One token as the list shows it.</summary>
internal sealed record TokenRow(string Uid, string Status, TrackingPhase State, string StateWords, string? ExternalReference, DateTimeOffset? LastChange, DateTimeOffset? NextPoll, string? LastError)
{
    public static TokenRow Of(TrackedToken token, DateTimeOffset? lastChange) => new(
        token.Uid, StatusWords.Of(token.Status), token.State, ConsoleText.State(token.State, token.StopReason),
        token.ExternalReference, lastChange, token.NextPollAt, token.LastError);
}
