using System.Collections.Concurrent;
using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>What the health sink received: the event as its concrete type, and the envelope's MessageId.</summary>
public sealed record ReceivedHealthEvent(IUpstreamHealthEvent Event, Guid? MessageId);

/// <summary>
/// A subscriber to the upstream health events as docs/policies/upstream-health.md tells one to subscribe: its own queue
/// bound to the <see cref="IUpstreamHealthEvent"/> exchange, recording every delivery (duplicates included).
/// </summary>
public sealed class HealthEventSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedHealthEvent> _received = new();
    private TestBus? _bus;

    public static async Task<HealthEventSink> StartAsync(Uri rabbitMqUri)
    {
        var sink = new HealthEventSink();
        sink._bus = await TestBus.StartAsync(rabbitMqUri, cfg =>
            cfg.ReceiveEndpoint(TestBus.UniqueQueueName("health"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.PrefetchCount = 1;
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<IUpstreamHealthEvent>(context =>
                {
                    IUpstreamHealthEvent message = context.TryGetMessage<UpstreamDegraded>(out var degraded) ? degraded.Message
                        : context.TryGetMessage<UpstreamRestored>(out var restored) ? restored.Message
                        : context.Message;
                    sink._received.Enqueue(new ReceivedHealthEvent(message, context.MessageId));
                    return Task.CompletedTask;
                });
            }));
        return sink;
    }

    public IReadOnlyList<ReceivedHealthEvent> All => [.. _received];

    public IReadOnlyList<UpstreamDegraded> Degraded => [.. _received.Select(r => r.Event).OfType<UpstreamDegraded>()];

    public IReadOnlyList<UpstreamRestored> Restored => [.. _received.Select(r => r.Event).OfType<UpstreamRestored>()];

    public async Task WaitUntilAsync(Func<HealthEventSink, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; received {string.Join(", ", All.Select(r => r.Event.GetType().Name))}.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }
    }
}
