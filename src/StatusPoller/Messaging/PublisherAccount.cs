using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// Stamps each message's AMQP <c>user_id</c> with the poller's account. RabbitMQ refuses a
/// <c>user_id</c> other than the connection's, so subscribers can trust it names the poller.
/// </summary>
internal static class PublisherAccount
{
    public static void StampPublisherAccount(this IRabbitMqBusFactoryConfigurator rabbit, string? account)
    {
        if (string.IsNullOrEmpty(account))
        {
            // A certificate login (EXTERNAL) has no user name in the connection string; nothing to stamp.
            return;
        }

        rabbit.ConfigurePublish(publish => publish.UseExecute(context =>
        {
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbitContext))
            {
                rabbitContext.BasicProperties.UserId = account;
            }
        }));
    }

    /// <summary>The user name of an AMQP URI (<c>amqp://user:password@host/vhost</c>), or null.</summary>
    public static string? FromConnectionString(string? connectionString) =>
        Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':', 2)[0] is { Length: > 0 } user
            ? Uri.UnescapeDataString(user)
            : null;
}
