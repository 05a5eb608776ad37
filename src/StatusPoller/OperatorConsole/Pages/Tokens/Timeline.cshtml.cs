namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>The rows of a token's timeline alone (no layout): what the detail page's script swaps in every few seconds.</summary>
internal sealed class TimelineModel(TrackedTokens tokens, EventLog log, TimeProvider time) : TokenPageModel(tokens)
{
    public IReadOnlyList<TimelineRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return StatusCode(Response.StatusCode);
        }

        Rows = await OperatorConsole.Timeline.ReadAsync(log, Uid, time.GetUtcNow(), ct);
        return Page();
    }
}
