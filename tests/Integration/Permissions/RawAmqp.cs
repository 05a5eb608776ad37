using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Tchek.Events.IntegrationTests.Permissions;

/// <summary>One act on a fresh channel, below any client library's conveniences, and the broker's answer.</summary>
internal static class RawAmqp
{
    public const int Allowed = 0;
    public const int AccessRefused = 403;

    public static Task<IConnection> ConnectAsync(Uri uri) =>
        new ConnectionFactory { Uri = uri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();

    /// <summary>
    /// Runs <paramref name="act"/> on a channel with publisher confirms; <see cref="Allowed"/>, or the
    /// reply code the broker closed the channel with (a refused publish closes it; the confirm fails).
    /// </summary>
    public static async Task<int> TryAsync(IConnection connection, Func<IChannel, Task> act)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await act(channel);
            return Allowed;
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or PublishException)
        {
            for (var i = 0; i < 100 && channel.CloseReason is null; i++)
            {
                await Task.Delay(20);
            }

            return channel.CloseReason?.ReplyCode ?? -1;
        }
    }

    public static Task<int> PublishAsync(IConnection connection, string exchange, string routingKey, BasicProperties? properties = null) =>
        TryAsync(connection, channel => channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties ?? new BasicProperties(), "{}"u8.ToArray()).AsTask());
}
