using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>A message MassTransit moved aside: to which queue, and its headers (strings decoded).</summary>
public sealed record MovedMessage(string Queue, IReadOnlyDictionary<string, string?> Headers);

/// <summary>
/// The poller's command queues seen from below MassTransit: raw sends, and finding the messages it
/// moved to <c>_error</c> or <c>_skipped</c> by their MessageId. The broker is shared, so a search
/// takes (acks) only the messages it looks for and gives every other one back.
/// </summary>
public sealed class CommandQueues(Uri rabbitMqUri)
{
    public const string Track = "track-token";
    public const string Untrack = "untrack-token";

    /// <summary>Sends <paramref name="body"/> as is to <paramref name="queue"/>, with an AMQP message id and maybe a content type.</summary>
    public async Task SendRawAsync(string queue, string messageId, string? contentType, byte[] body)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { MessageId = messageId, ContentType = contentType, Persistent = true };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, body);
    }

    /// <summary>Waits until every one of <paramref name="messageIds"/> sits in one of <paramref name="queues"/>; takes them out.</summary>
    public async Task<Dictionary<string, MovedMessage>> TakeMovedAsync(IReadOnlyCollection<string> queues, IReadOnlyCollection<string> messageIds, TimeSpan timeout)
    {
        var found = new Dictionary<string, MovedMessage>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        await using var connection = await ConnectAsync();
        while (found.Count < messageIds.Count && DateTime.UtcNow < deadline)
        {
            foreach (var queue in queues)
            {
                await TakeAsync(connection, queue, messageIds, found);
            }

            await Task.Delay(100);
        }

        return found;
    }

    /// <summary>Messages ready in <paramref name="queue"/>.</summary>
    public async Task<uint> ReadyAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private static async Task TakeAsync(IConnection connection, string queue, IReadOnlyCollection<string> messageIds, Dictionary<string, MovedMessage> found)
    {
        // Messages got and not acked go back to the queue when the channel closes.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
            {
                if (message.BasicProperties.MessageId is { } id && messageIds.Contains(id))
                {
                    found[id] = new MovedMessage(queue, Decode(message.BasicProperties.Headers));
                    await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
                }
            }
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // MassTransit creates an _error or _skipped queue with its first message.
        }
    }

    private static Dictionary<string, string?> Decode(IDictionary<string, object?>? headers) =>
        (headers ?? new Dictionary<string, object?>()).ToDictionary(
            h => h.Key,
            h => h.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : h.Value?.ToString(),
            StringComparer.Ordinal);

    private Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = rabbitMqUri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
}
