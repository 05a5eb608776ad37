namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// <see cref="TrackToken"/> from the bus, the same as <c>POST /tokens</c>; a request gets
/// <see cref="TokenTrackingAccepted"/> or <see cref="TokenTrackingRefused"/>.
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
