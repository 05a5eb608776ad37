using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Tchek.Events.StatusPoller.Outbox;
using Tchek.Events.StatusPoller.Polling;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>One token: its facts in words, its schedule, its timeline (refreshed by the page's script), and its actions.</summary>
internal sealed class DetailModel(TrackedTokens tokens, EventLog log, TimeProvider time) : TokenPageModel(tokens)
{
    public TokenFacts? Facts { get; private set; }

    public IReadOnlyList<TimelineRow> Timeline { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Page();
        }

        var now = time.GetUtcNow();
        Facts = TokenFacts.Of(Token!, now);
        Metadata = Token!.Metadata is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : [];
        Timeline = await OperatorConsole.Timeline.ReadAsync(log, Uid, now, ct);
        return Page();
    }
}
