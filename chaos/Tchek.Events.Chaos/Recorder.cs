using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Tchek.Events.Chaos.Checking;
using Tchek.Events.Contracts;

namespace Tchek.Events.Chaos;

/// <summary>
/// The checker's subscriber: its own durable queue, bound to every token event before any poller
/// runs, so it survives broker restarts with what it was sent. Records each delivery as it came,
/// copies included, read from the raw message rather than through the poller's types.
/// </summary>
internal sealed class Recorder : IAsyncDisposable
{
    public const string Queue = "chaos-checker";

    private readonly ConcurrentQueue<EventFacts> _deliveries = new();
    private readonly ConcurrentQueue<string> _unreadable = new();
    private IBusControl _bus = null!;

    public IReadOnlyList<EventFacts> Deliveries => [.. _deliveries];

    public IReadOnlyCollection<string> Unreadable => _unreadable;

    public int DistinctDelivered => _deliveries.Select(d => d.EventId).Distinct().Count();

    public static async Task<Recorder> StartAsync(Uri rabbitMq)
    {
        var recorder = new Recorder();
        recorder._bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq);
            cfg.ReceiveEndpoint(Queue, e =>
            {
                e.Durable = true;
                e.AutoDelete = false;
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
            _deliveries.Enqueue(EventFacts.Parse(context.MessageId ?? Guid.Empty, type, root.GetProperty("message").GetRawText()));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            _unreadable.Enqueue($"{context.MessageId}: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
