using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// <see cref="TrackToken"/> from the bus: the same as <c>POST /tokens</c>. A request gets
/// <see cref="TokenTrackingAccepted"/> or <see cref="TokenTrackingRefused"/>; an invalid command
/// sent without a request id fails, so it lands in <c>track-token_error</c> and its
/// <c>Fault&lt;TrackToken&gt;</c> is published.
/// </summary>
internal sealed class TrackTokenConsumer(TokenTracking tracking) : IConsumer<TrackToken>
{
    public async Task Consume(ConsumeContext<TrackToken> context)
    {
        var command = context.Message;
        if (CommandReplies.Refusal(command) is { } refusal)
        {
            // A refusal answered is handled: it goes to no error queue.
            if (context.WantsReply())
            {
                await context.RespondAsync(refusal);
                return;
            }

            throw new InvalidCommandException($"TrackToken refused: {refusal.Detail}");
        }

        var (outcome, token) = await tracking.TrackAsync(new TrackRequest(command.TokenUid, command.ExternalReference, command.Metadata), BusActor.Of(context), context.CancellationToken);
        if (context.WantsReply())
        {
            await context.RespondAsync(CommandReplies.Track(token.Uid, outcome, token.StopReason));
        }
    }
}
