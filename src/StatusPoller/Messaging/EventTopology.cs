using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// The event exchanges, declared when the bus starts rather than at each type's first publish, so a
/// subscriber's queue can be bound to every event exchange (the <c>subscribers bind</c> step) as soon
/// as the poller is ready. Subscribers may not declare them: the exchanges are the poller's alone.
/// </summary>
internal static class EventTopology
{
    /// <summary>Every event the poller publishes: the concrete token and upstream-health events.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = [.. typeof(ITokenEvent).Assembly.GetExportedTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false }
            && (typeof(ITokenEvent).IsAssignableFrom(type) || typeof(IUpstreamHealthEvent).IsAssignableFrom(type)))
        .OrderBy(type => type.Name, StringComparer.Ordinal)];

    public static void DeployEventExchanges(this IRabbitMqBusFactoryConfigurator rabbit)
    {
        // TokenEvent only shares fields between the events; it gets no exchange of its own.
        rabbit.Publish<TokenEvent>(p => p.Exclude = true);
        foreach (var type in EventTypes)
        {
            rabbit.Publish(type);
        }

        rabbit.DeployPublishTopology = true;
    }
}
