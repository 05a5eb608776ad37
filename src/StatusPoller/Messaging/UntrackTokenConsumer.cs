using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// <see cref="UntrackToken"/> from the bus: the same as <c>DELETE /tokens/{uid}</c>. A request gets
/// <see cref="TokenTrackingAccepted"/> or <see cref="TokenTrackingRefused"/>; an invalid command
/// sent without a request id fails, so it lands in <c>untrack-token_error</c> and its
/// <c>Fault&lt;UntrackToken&gt;</c> is published.
/// </summary>
internal sealed class UntrackTokenConsumer(TokenTracking tracking) : IConsumer<UntrackToken>
{
    public async Task Consume(ConsumeContext<UntrackToken> context)
    {
        if (CommandReplies.Refusal(context.Message) is { } refusal)
        {
            // A refusal answered is handled: it goes to no error queue.
            if (context.WantsReply())
            {
                await context.RespondAsync(refusal);
                return;
            }

            throw new InvalidCommandException($"UntrackToken refused: {refusal.Detail}");
        }

        var outcome = await tracking.UntrackAsync(context.Message.TokenUid, BusActor.Of(context), context.CancellationToken);
        if (context.WantsReply())
        {
            await context.RespondAsync(CommandReplies.Untrack(context.Message.TokenUid, outcome));
        }
    }
}
