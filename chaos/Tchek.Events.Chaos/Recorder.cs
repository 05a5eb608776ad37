using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Tchek.Events.Chaos.Checking;
using Tchek.Events.Contracts;

namespace Tchek.Events.Chaos;

/// <summary>
/// The checker's subscriber: its own durable queue, bound to every token event before any poller
/// runs, so it survives broker restarts with what it was sent. Records each delivery as it came,
/// copies included, read from the raw message rather than through the poller's types. Against a cluster, it
/// connects through every node and its queue is a quorum queue, so losing one node loses neither the queue nor it.
/// </summary>
internal sealed class Recorder : IAsyncDisposable
{
    public const string Queue = "chaos-checker";

    private readonly ConcurrentQueue<EventFacts> _deliveries = new();
    private readonly ConcurrentQueue<string> _unreadable = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _firstArrival = new();
    private IBusControl _bus = null!;

    public IReadOnlyList<EventFacts> Deliveries => [.. _deliveries];

    public IReadOnlyCollection<string> Unreadable => _unreadable;

    public int DistinctDelivered => _firstArrival.Count;

    /// <summary>When each event first reached the checker.</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> FirstArrival => _firstArrival;

    public static async Task<Recorder> StartAsync(IReadOnlyList<Uri> rabbitMq)
    {
        var recorder = new Recorder();
        recorder._bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq[0], host =>
            {
                if (rabbitMq.Count > 1)
                {
                    host.UseCluster(cluster => rabbitMq.ToList().ForEach(node => cluster.Node($"{node.Host}:{node.Port}")));
                }
            });
            cfg.ReceiveEndpoint(Queue, e =>
            {
                e.Durable = true;
                e.AutoDelete = false;
                if (rabbitMq.Count > 1)
                {
                    e.SetQuorumQueue();
                }

                e.PrefetchCount = 200;
                // One at a time: the record's order is the queue's order, which the order check reads.
                e.ConcurrentMessageLimit = 1;
                e.Handler<ITokenEvent>(context =>
                {
                    recorder.Record(context);
                    return Task.CompletedTask;
                });
            });
        });
        await recorder._bus.StartAsync();
        return recorder;
    }

    private void Record(ConsumeContext context)
    {
        try
        {
            using var envelope = JsonDocument.Parse(context.ReceiveContext.Body.GetBytes());
            var root = envelope.RootElement;
            var type = root.GetProperty("messageType")[0].GetString()!.Split(':')[^1];
            var facts = EventFacts.Parse(context.MessageId ?? Guid.Empty, type, root.GetProperty("message").GetRawText());
            _deliveries.Enqueue(facts);
            _firstArrival.TryAdd(facts.EventId, DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            _unreadable.Enqueue($"{context.MessageId}: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
