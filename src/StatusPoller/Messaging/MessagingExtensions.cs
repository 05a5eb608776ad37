using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

internal static class MessagingExtensions
{
    /// <summary>MassTransit over RabbitMQ: publishes the events (through the outbox relay) and consumes the commands.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<TrackTokenConsumer, TrackTokenConsumerDefinition>();
            bus.AddConsumer<UntrackTokenConsumer, UntrackTokenConsumerDefinition>();
            bus.UsingTchekRabbitMq((context, rabbit) =>
            {
                rabbit.DeployEventExchanges();
                rabbit.StampPublisherAccount(PublisherAccount.FromConnectionString(context.GetRequiredService<IConfiguration>().GetConnectionString("RabbitMq")));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}
