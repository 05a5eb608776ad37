using MassTransit;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.StatusPoller.Outbox;

/// <summary>
/// Publishes stored events, for the relay and for replays alike: each with its own id as the
/// message id, each waiting for the broker's confirm, one token's events strictly in order.
/// </summary>
internal sealed partial class EventPublisher(IBus bus, IOptions<OutboxOptions> options, ILogger<EventPublisher> logger)
{
    public const string ReplayedHeader = "Replayed";

    /// <summary>
    /// Publishes one token's <paramref name="chain"/> in order, each event after the previous one's
    /// confirm, calling <paramref name="confirmed"/> for each. Stops at the first failure, so no later
    /// event of the token overtakes it. Returns how many were confirmed.
    /// </summary>
    public async Task<int> PublishChainAsync(IReadOnlyList<StoredEvent> chain, bool replayed, Action<StoredEvent>? confirmed, CancellationToken ct)
    {
        var done = 0;
        try
        {
            for (; done < chain.Count; done++)
            {
                await PublishAsync(chain[done], replayed, ct);
                confirmed?.Invoke(chain[done]);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogPublishFailed(ex, chain[done].Uid, chain[done].Sequence);
        }
        catch (Exception)
        {
            // Shutting down, or leadership lost: what was not confirmed stays unpublished.
        }

        return done;
    }

    /// <summary>Publishes one stored event with its own id and waits for the broker's confirm; throws if it does not come.</summary>
    private async Task PublishAsync(StoredEvent stored, bool replayed, CancellationToken ct)
    {
        var evt = EventSerialization.Deserialize(stored.Type, stored.Payload);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PublishTimeout);
        await bus.Publish(evt, evt.GetType(), context =>
        {
            context.MessageId = stored.EventId;
            if (replayed)
            {
                context.Headers.Set(ReplayedHeader, true);
            }
        }, timeout.Token);
    }

    [LoggerMessage(LogLevel.Warning, "Publishing event {Sequence} of token {TokenUid} failed; it and the token's later events wait for the next pass")]
    private partial void LogPublishFailed(Exception ex, string tokenUid, long sequence);
}
