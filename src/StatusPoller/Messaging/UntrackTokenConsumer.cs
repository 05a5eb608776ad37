namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// <see cref="UntrackToken"/> from the bus, the same as <c>DELETE /tokens/{uid}</c>; a request gets
/// <see cref="TokenTrackingAccepted"/> or <see cref="TokenTrackingRefused"/>.
/// </summary>
internal sealed class UntrackTokenConsumer(TokenTracking tracking) : CommandConsumer<UntrackToken>
{
    protected override TokenTrackingRefused? Refusal(UntrackToken command) => CommandReplies.Refusal(command);

    protected override async Task<object> CarryOutAsync(UntrackToken command, Actor actor, CancellationToken ct) =>
        CommandReplies.Untrack(command.TokenUid, await tracking.UntrackAsync(command.TokenUid, actor, ct));
}
