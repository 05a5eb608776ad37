using System.Collections.Frozen;
using System.Diagnostics;
using MassTransit;

namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// The one publish path, for token and upstream health events: each with its own id as the message id, after the
/// broker's confirm, one token's events strictly in order. Each publish's span carries the trace to the consumers.
/// </summary>
internal sealed partial class EventPublisher(IBus bus, IOptions<OutboxOptions> options, ILogger<EventPublisher> logger)
{
    public const string ReplayedHeader = "Replayed";

    // Span names are built once: a name per event type, not a string per publish.
    private static readonly FrozenDictionary<string, string> PublishNames = EventSerialization.TypeNames.ToFrozenDictionary(t => t, t => "publish " + t, StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, string> ReplayNames = EventSerialization.TypeNames.ToFrozenDictionary(t => t, t => "replay " + t, StringComparer.Ordinal);

    /// <summary>
    /// Publishes one token's <paramref name="chain"/> in order, each after the previous one's confirm, calling
    /// <paramref name="confirmed"/> for each. Stops at the first failure, so no later event overtakes it; returns how
    /// many were confirmed.
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

    /// <summary>Publishes one upstream health event with its own id and waits for the broker's confirm; throws if it does not come.</summary>
    public async Task PublishAsync(IUpstreamHealthEvent evt, CancellationToken ct)
    {
        using var activity = StartSpan(evt);
        await SendAsync(activity, evt, static e => e, evt.EventId, replayed: false, ct);
    }

    /// <summary>Publishes one stored event with its own id and waits for the broker's confirm; throws if it does not come.</summary>
    private async Task PublishAsync(StoredEvent stored, bool replayed, CancellationToken ct)
    {
        using var activity = StartSpan(stored, replayed);
        await SendAsync(activity, stored, static s => EventSerialization.Deserialize(s.Type, s.Payload), stored.EventId, replayed, ct);
    }

    // The message is made inside the try, so a stored event that does not deserialize fails its span too.
    private async Task SendAsync<TSource>(Activity? activity, TSource source, Func<TSource, object> message, Guid messageId, bool replayed, CancellationToken ct)
    {
        try
        {
            var evt = message(source);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.PublishTimeout);
            await bus.Publish(evt, evt.GetType(), context =>
            {
                context.MessageId = messageId;
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
    /// The publish span of <paramref name="stored"/>: a child of the span that wrote it, so the consumer joins the
    /// poll's trace. A replay is an operator's act, so its span is in the replay's trace and links to the original.
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

    /// <summary>The span of a health event's publish: a root, as the decision that stored it has no trace to continue.</summary>
    private static Activity? StartSpan(IUpstreamHealthEvent evt)
    {
        var activity = PollerTracing.Source.StartActivity(
            evt is UpstreamRestored ? "publish UpstreamRestored" : "publish UpstreamDegraded", ActivityKind.Internal, parentContext: default, links: null);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(PollerTracing.Tag.EventType, evt.GetType().Name);
            activity.SetTag(PollerTracing.Tag.UpstreamEpisode, evt.EpisodeId);
            activity.SetTag(PollerTracing.Tag.MessageId, evt.EventId);
        }

        return activity;
    }

    [LoggerMessage(LogLevel.Warning, "Publishing event {Sequence} of token {TokenUid} failed; it and the token's later events wait for the next pass")]
    private partial void LogPublishFailed(Exception ex, string tokenUid, long sequence);
}
