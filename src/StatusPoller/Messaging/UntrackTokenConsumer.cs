using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Polling;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary><see cref="UntrackToken"/> from the bus: the same as <c>DELETE /tokens/{uid}</c>.</summary>
internal sealed class UntrackTokenConsumer(TokenTracking tracking) : IConsumer<UntrackToken>
{
    public async Task Consume(ConsumeContext<UntrackToken> context)
    {
        if (!TokenUids.IsValid(context.Message.TokenUid))
        {
            throw new InvalidCommandException($"UntrackToken refused: a token uid is {TokenUids.Rule}.");
        }

        await tracking.UntrackAsync(context.Message.TokenUid, context.CancellationToken);
    }
}
