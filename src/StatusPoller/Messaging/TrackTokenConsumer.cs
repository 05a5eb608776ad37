namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// <see cref="TrackToken"/> from the bus: the same as <c>POST /tokens</c>. A request gets
/// <see cref="TokenTrackingAccepted"/> or <see cref="TokenTrackingRefused"/>; an invalid command
/// sent without a request id lands in <c>track-token_error</c>.
/// </summary>
internal sealed class TrackTokenConsumer(TokenTracking tracking) : CommandConsumer<TrackToken>
{
    protected override TokenTrackingRefused? Refusal(TrackToken command) => CommandReplies.Refusal(command);

    protected override async Task<object> CarryOutAsync(TrackToken command, Actor actor, CancellationToken ct)
    {
        var (outcome, token) = await tracking.TrackAsync(new TrackRequest(command.TokenUid, command.ExternalReference, command.Metadata), actor, ct);
        return CommandReplies.Track(token.Uid, outcome, token.StopReason);
    }
}
