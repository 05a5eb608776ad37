using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Tchek.Events.IntegrationTests.Schemas;

/// <summary>One delivery as it came off the wire: the AMQP properties a non-.NET client sees, and the body's JSON.</summary>
public sealed record RawDelivery(string Exchange, string? ContentType, string? MessageId, bool Persistent, JsonObject Body)
{
    /// <summary>The concrete type, from the envelope's first <c>messageType</c>: <c>InspectionCompleted</c>.</summary>
    public string Type => (Body["messageType"] is JsonArray { Count: > 0 } types && types[0] is JsonValue first && first.TryGetValue<string>(out var urn) ? urn : "?").Split(':')[^1];

    public JsonObject Message => Body["message"]!.AsObject();

    /// <summary>
    /// True for an event of token <paramref name="uid"/>. The broker is shared with other tests, some of
    /// which publish malformed messages on purpose: anything else is not this test's.
    /// </summary>
    public bool IsEventOf(string uid) =>
        Body["message"] is JsonObject message && message["tokenUid"] is JsonValue value
        && value.TryGetValue<string>(out var tokenUid) && tokenUid == uid;
}

/// <summary>
/// A subscriber below MassTransit, as any AMQP client would be: its own exclusive queue bound to the
/// <c>Tchek.Events.Contracts:ITokenEvent</c> exchange, recording each body untouched.
/// </summary>
public sealed class RawEventTap : IAsyncDisposable
{
    public const string AllEventsExchange = "Tchek.Events.Contracts:ITokenEvent";

    private readonly ConcurrentQueue<RawDelivery> _received = new();
    private IConnection? _connection;
    private IChannel? _channel;

    public IReadOnlyList<RawDelivery> Received => [.. _received];

    public static async Task<RawEventTap> StartAsync(Uri rabbitMqUri)
    {
        var tap = new RawEventTap();
        tap._connection = await new ConnectionFactory { Uri = rabbitMqUri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
        tap._channel = await tap._connection.CreateChannelAsync();
        // Declared as MassTransit declares it, so whichever of the poller and the tap comes first, both agree.
        await tap._channel.ExchangeDeclareAsync(AllEventsExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = await tap._channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await tap._channel.QueueBindAsync(queue.QueueName, AllEventsExchange, "");
        var consumer = new AsyncEventingBasicConsumer(tap._channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            if (Parse(delivery.Body) is not { } body)
            {
                return Task.CompletedTask; // another test's malformed message
            }

            tap._received.Enqueue(new RawDelivery(delivery.Exchange, delivery.BasicProperties.ContentType, delivery.BasicProperties.MessageId, delivery.BasicProperties.Persistent, body));
            return Task.CompletedTask;
        };
        await tap._channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return tap;
    }

    private static JsonObject? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(body.Span)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for what was received, or fails saying what never came.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<RawDelivery>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Received))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; received {string.Join(", ", Received.Select(r => r.Type))}.");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.CloseAsync();
            _channel.Dispose();
        }

        if (_connection is not null)
        {
            await _connection.CloseAsync();
            _connection.Dispose();
        }
    }
}
