namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>The audit trail (<c>/console/audit</c>), newest first, filtered by actor, action and uid, a page at a time. Admin scope only (its convention in <see cref="OperatorConsoleExtensions"/>).</summary>
internal sealed class AuditModel(AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Uid { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<AuditLogRow> Entries { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        (Actor, ActionName, Uid) = (Blank(Actor), Blank(ActionName), Blank(Uid));
        long? before = null;
        if (Uid is not null && !TokenUids.IsValid(Uid))
        {
            Error = $"Uid: {TokenUids.Rule}.";
        }
        else if (Actor is { Length: > 128 } || ActionName is { Length: > 32 })
        {
            Error = "Actor is at most 128 characters, action at most 32.";
        }
        else if (Cursor is not null && (before = AuditCursor.Decode(Cursor)) is null)
        {
            Error = "That page link is not valid: start again from the first page.";
        }

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (entries, more) = await audit.ListAsync(new AuditFilter(Actor, ActionName, Uid, before, PageSize), ct);
        (Entries, NextCursor) = (entries, more ? AuditCursor.Encode(entries[^1].Id) : null);
        return Page();
    }

    public string NextPath => QueryString.Create(
        new Dictionary<string, string?> { ["actor"] = Actor, ["action"] = ActionName, ["uid"] = Uid, ["cursor"] = NextCursor }
            .Where(p => p.Value is not null)).ToUriComponent() is var query ? "/console/audit" + query : "";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
