using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// A tracking command from the bus, answered as the HTTP API answers. An invalid command without a
/// request id fails, so it lands in its <c>_error</c> queue and its <c>Fault&lt;T&gt;</c> is published.
/// </summary>
internal abstract class CommandConsumer<TCommand> : IConsumer<TCommand>
    where TCommand : class
{
    public async Task Consume(ConsumeContext<TCommand> context)
    {
        if (Refusal(context.Message) is { } refusal)
        {
            // A refusal answered is handled: it goes to no error queue.
            if (context.WantsReply())
            {
                await context.RespondAsync(refusal);
                return;
            }

            throw new InvalidCommandException($"{typeof(TCommand).Name} refused: {refusal.Detail}");
        }

        var reply = await CarryOutAsync(context.Message, BusActor.Of(context), context.CancellationToken);
        if (context.WantsReply())
        {
            await context.RespondAsync(reply);
        }
    }

    /// <summary>The refusal of an invalid command, or null when it is valid.</summary>
    protected abstract TokenTrackingRefused? Refusal(TCommand command);

    /// <summary>Carries out a valid command for <paramref name="actor"/>, its sender; the reply to send if one is wanted.</summary>
    protected abstract Task<object> CarryOutAsync(TCommand command, Actor actor, CancellationToken ct);
}
