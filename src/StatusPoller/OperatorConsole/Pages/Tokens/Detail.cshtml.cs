namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>One token: its facts in words, its schedule, its timeline (refreshed by the page's script), and its actions.</summary>
internal sealed class DetailModel(TrackedTokens tokens, EventLog log, TokenFreshness freshness, TimeProvider time) : TokenPageModel(tokens)
{
    public TokenFacts? Facts { get; private set; }

    public IReadOnlyList<TimelineRow> Timeline { get; private set; } = [];

    /// <summary>Tracked, and its last valid answer older than twice its interval (<see cref="Staleness"/>), as <c>GET /tokens/{uid}</c> says.</summary>
    public bool Stale { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Page();
        }

        var now = time.GetUtcNow();
        Facts = TokenFacts.Of(Token!, now);
        Stale = freshness.IsStale(Token!);
        Metadata = Token!.Metadata is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : [];
        Timeline = await OperatorConsole.Timeline.ReadAsync(log, Uid, now, ct);
        return Page();
    }
}
