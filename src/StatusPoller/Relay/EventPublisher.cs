using System.Collections.Frozen;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Telemetry;

namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// Publishes stored events, for the relay and for replays alike: each with its own id as the
/// message id, each waiting for the broker's confirm, one token's events strictly in order.
/// Each publish runs in its own span (<see cref="StartSpan"/>): MassTransit's send, a child of it,
/// carries the trace on the message to the consumers.
/// </summary>
internal sealed partial class EventPublisher(IBus bus, IOptions<OutboxOptions> options, ILogger<EventPublisher> logger)
{
    public const string ReplayedHeader = "Replayed";

    // Span names are built once: a name per event type, not a string per publish.
    private static readonly FrozenDictionary<string, string> PublishNames = EventSerialization.TypeNames.ToFrozenDictionary(t => t, t => "publish " + t, StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, string> ReplayNames = EventSerialization.TypeNames.ToFrozenDictionary(t => t, t => "replay " + t, StringComparer.Ordinal);

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
        using var activity = StartSpan(stored, replayed);
        try
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
        catch (Exception ex)
        {
            PollerTracing.Failed(activity, ex);
            throw;
        }
    }

    /// <summary>
    /// The span of <paramref name="stored"/>'s publish: a child of the span that wrote it (its poll,
    /// or the request or command that untracked it), so the consumer's span joins the poll's trace.
    /// A replay is not the poll's continuation but an operator's act: its span belongs to the replay
    /// request's trace and links to the original.
    /// </summary>
    private static Activity? StartSpan(StoredEvent stored, bool replayed)
    {
        var written = TraceContext.Parse(stored.TraceParent, stored.TraceState);
        var activity = replayed
            ? PollerTracing.Source.StartActivity(ReplayNames.GetValueOrDefault(stored.Type, "replay"), ActivityKind.Internal, parentContext: default, links: null)
            : PollerTracing.Source.StartActivity(PublishNames.GetValueOrDefault(stored.Type, "publish"), ActivityKind.Internal, written);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(PollerTracing.Tag.TokenUid, stored.Uid);
            activity.SetTag(PollerTracing.Tag.EventType, stored.Type);
            activity.SetTag(PollerTracing.Tag.EventSequence, stored.Sequence);
            activity.SetTag(PollerTracing.Tag.MessageId, stored.EventId);
            if (replayed && written != default)
            {
                activity.AddLink(new ActivityLink(written));
            }
        }

        return activity;
    }

    [LoggerMessage(LogLevel.Warning, "Publishing event {Sequence} of token {TokenUid} failed; it and the token's later events wait for the next pass")]
    private partial void LogPublishFailed(Exception ex, string tokenUid, long sequence);
}
