using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Tracking;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary><see cref="TrackToken"/> from the bus: the same as <c>POST /tokens</c>.</summary>
internal sealed class TrackTokenConsumer(TokenTracking tracking) : IConsumer<TrackToken>
{
    public async Task Consume(ConsumeContext<TrackToken> context)
    {
        var command = context.Message;
        if (!TokenUids.IsValid(command.TokenUid))
        {
            throw new InvalidCommandException($"TrackToken refused: a token uid is {TokenUids.Rule}.");
        }

        if (command.ExternalReference is { Length: > 256 } || command.Metadata is { Count: > 32 })
        {
            throw new InvalidCommandException("TrackToken refused: externalReference is at most 256 characters, metadata at most 32 entries.");
        }

        await tracking.TrackAsync(new TrackRequest(command.TokenUid, command.ExternalReference, command.Metadata), context.CancellationToken);
    }
}
