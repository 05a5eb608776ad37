using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Polling;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary><see cref="TrackToken"/> from the bus: the same as <c>POST /tokens</c>.</summary>
internal sealed class TrackTokenConsumer(TokenTracking tracking) : IConsumer<TrackToken>
{
    public async Task Consume(ConsumeContext<TrackToken> context)
    {
        var command = context.Message;
        if (TrackRequestRules.Broken(command.TokenUid, command.ExternalReference, command.Metadata).ToList() is { Count: > 0 } broken)
        {
            throw new InvalidCommandException($"TrackToken refused: {string.Join(" ", broken.Select(b => $"{b.Field}: {b.Rule}"))}");
        }

        await tracking.TrackAsync(new TrackRequest(command.TokenUid, command.ExternalReference, command.Metadata), context.CancellationToken);
    }
}
