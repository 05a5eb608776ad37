using MassTransit;
using Tchek.Events.Contracts;

namespace Tchek.Events.Examples.Subscriber;

/// <summary>Every event of every token, in order per token, each applied once.</summary>
public sealed class TokenEventsConsumer(CrmBoard board, PollerEvents poller, ILogger<TokenEventsConsumer> log) : IConsumer<ITokenEvent>
{
    public async Task Consume(ConsumeContext<ITokenEvent> context)
    {
        var evt = context.Message;
        var replayed = context.Headers.Get<bool>("Replayed") ?? false; // a JSON boolean, absent when live
        var last = board.LastSequence(evt.TokenUid);
        if (board.HasSeen(evt.EventId) || evt.Sequence <= last)
        {
            log.LogInformation("{Uid} #{Sequence}: already applied (replayed: {Replayed})", evt.TokenUid, evt.Sequence, replayed);
            return;
        }

        if (evt.Sequence > last + 1)
        {
            // Expected #last+1, received #Sequence: the events in between are in the poller's store.
            log.LogWarning("{Uid}: expected #{Expected}, received #{Received}; reading the missing ones", evt.TokenUid, last + 1, evt.Sequence);
            foreach (var missed in await poller.ReadAsync(evt.TokenUid, after: last, before: evt.Sequence, context.CancellationToken))
            {
                board.Apply(missed);
            }
        }

        board.Apply(Concrete(context));
    }

    // The delivery is a proxy of ITokenEvent: `context.Message is InspectionCompleted` is false.
    // TryGetMessage<T> gives the concrete event; ask for the ones you act on.
    private static ITokenEvent Concrete(ConsumeContext<ITokenEvent> context) =>
        context.TryGetMessage<InspectionStarted>(out var started) ? started.Message
        : context.TryGetMessage<PicturesCompleted>(out var pictures) ? pictures.Message
        : context.TryGetMessage<InspectionCompleted>(out var completed) ? completed.Message
        : context.TryGetMessage<TokenExpired>(out var expired) ? expired.Message
        : context.TryGetMessage<TokenTrackingStopped>(out var stopped) ? stopped.Message
        : context.Message;
}
