using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// The event exchanges, declared at bus start rather than at first publish so subscribers can bind to
/// them as soon as the poller is ready. Subscribers may not declare them: they are the poller's alone.
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
