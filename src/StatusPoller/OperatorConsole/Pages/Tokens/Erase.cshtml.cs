namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>Erase a token, after a confirmation: what <c>POST /tokens/{uid}/erase</c> does.</summary>
internal sealed class EraseModel(TrackedTokens tokens, TokenTracking tracking) : TokenActionPageModel(tokens)
{
    protected override async Task<string?> ActAsync(Actor actor, CancellationToken ct) =>
        await tracking.EraseAsync(Uid, actor, ct)
            ? $"Erased {Uid}: its snapshot, labels and events are gone, subscribers get TokenErased; the uid stays as a tombstone."
            : null;
}
