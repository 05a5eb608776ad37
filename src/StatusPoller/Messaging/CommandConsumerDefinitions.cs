using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>Transient failures (database) are retried; invalid commands go straight to the error queue.</summary>
internal sealed class TrackTokenConsumerDefinition : ConsumerDefinition<TrackTokenConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TrackTokenConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)).Ignore<InvalidCommandException>());
}

/// <inheritdoc cref="TrackTokenConsumerDefinition"/>
internal sealed class UntrackTokenConsumerDefinition : ConsumerDefinition<UntrackTokenConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UntrackTokenConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)).Ignore<InvalidCommandException>());
}
