using System.Collections.Concurrent;
using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>What the sink received: the event, its concrete type's name, the MessageId, and the Replayed header.</summary>
public sealed record ReceivedEvent(ITokenEvent Event, string Type, Guid? MessageId, bool Replayed);

/// <summary>
/// An independent subscriber: its own queue bound to the <see cref="ITokenEvent"/> exchange before
/// the poller runs, recording every delivery (duplicates included) in arrival order.
/// </summary>
public sealed class EventSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedEvent> _received = new();
    private TestBus? _bus;

    public static async Task<EventSink> StartAsync(Uri rabbitMqUri)
    {
        var sink = new EventSink();
        sink._bus = await TestBus.StartAsync(rabbitMqUri, cfg =>
            cfg.ReceiveEndpoint(TestBus.UniqueQueueName("sink"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                // One at a time, so arrival order is delivery order.
                endpoint.PrefetchCount = 1;
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<ITokenEvent>(context =>
                {
                    var type = context.SupportedMessageTypes.First().Split(':')[^1];
                    var replayed = context.Headers.TryGetHeader("Replayed", out var value) && value is true or "True" or "true";
                    sink._received.Enqueue(new ReceivedEvent(context.Message, type, context.MessageId, replayed));
                    return Task.CompletedTask;
                });
            }));
        return sink;
    }

    public IReadOnlyList<ReceivedEvent> All => [.. _received];

    public IReadOnlyList<ReceivedEvent> For(string uid) => [.. _received.Where(r => r.Event.TokenUid == uid)];

    /// <summary>Waits until <paramref name="done"/> holds for what was received, or fails saying what was there.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<ReceivedEvent>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(All))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; received {_received.Count} events.");
            }

            await Task.Delay(25);
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
