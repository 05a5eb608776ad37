namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>Stop tracking a token, after a confirmation: what <c>DELETE /tokens/{uid}</c> does.</summary>
internal sealed class UntrackModel(TrackedTokens tokens, TokenTracking tracking) : TokenActionPageModel(tokens)
{
    protected override async Task<string?> ActAsync(Actor actor, CancellationToken ct) => await tracking.UntrackAsync(Uid, actor, ct) switch
    {
        UntrackOutcome.NotFound => null,
        UntrackOutcome.AlreadyStopped => $"{Uid} was already stopped: nothing changed.",
        _ => $"Stopped tracking {Uid}: TokenTrackingStopped (Untracked) is its last event.",
    };
}
