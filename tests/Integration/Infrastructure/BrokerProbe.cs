using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Tchek.Events.IntegrationTests.Infrastructure;

/// <summary>Looks at the broker's topology directly, below MassTransit.</summary>
internal static class BrokerProbe
{
    public static async Task<bool> ExchangeExistsAsync(Uri rabbitMqUri, string exchange)
    {
        await using var connection = await Connect(rabbitMqUri);
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.ExchangeDeclarePassiveAsync(exchange);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    private static Task<IConnection> Connect(Uri rabbitMqUri) =>
        new ConnectionFactory { Uri = rabbitMqUri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
}
