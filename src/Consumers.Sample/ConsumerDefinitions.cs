using MassTransit;
using Tchek.Events.Consumers.Sample.AllEvents;
using Tchek.Events.Consumers.Sample.Crm;
using Tchek.Events.Consumers.Sample.Dms;
using Tchek.Events.Contracts;

namespace Tchek.Events.Consumers.Sample;

/// <summary>
/// Shared endpoint policy: each token's events are handled one at a time in arrival order (a
/// partition per token), transient failures are retried with back-off, and what still fails goes
/// to the endpoint's <c>_error</c> queue for a later re-drive.
/// </summary>
internal static class EndpointPolicy
{
    public static void Apply<TConsumer>(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TConsumer> consumer, int partitions = 16)
        where TConsumer : class, IConsumer<ITokenEvent>
    {
        endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
        consumer.Message<ITokenEvent>(message => message.UsePartitioner(partitions, context => context.Message.TokenUid));
    }
}

internal sealed class CrmLeadConsumerDefinition : ConsumerDefinition<CrmLeadConsumer>
{
    public CrmLeadConsumerDefinition() => EndpointName = CrmLeadConsumer.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CrmLeadConsumer> consumerConfigurator, IRegistrationContext context) =>
        EndpointPolicy.Apply(endpointConfigurator, consumerConfigurator);
}

internal sealed class DmsInspectionConsumerDefinition : ConsumerDefinition<DmsInspectionConsumer>
{
    public DmsInspectionConsumerDefinition() => EndpointName = DmsInspectionConsumer.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DmsInspectionConsumer> consumerConfigurator, IRegistrationContext context) =>
        EndpointPolicy.Apply(endpointConfigurator, consumerConfigurator);
}

internal sealed class TokenEventLogConsumerDefinition : ConsumerDefinition<TokenEventLogConsumer>
{
    // A window on the live stream, not a system of record: its queue lives only while the process
    // does, so a restart shows what happens now instead of a backlog from while it was away.
    public TokenEventLogConsumerDefinition() => Endpoint(endpoint => endpoint.Temporary = true);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TokenEventLogConsumer> consumerConfigurator, IRegistrationContext context) =>
        EndpointPolicy.Apply(endpointConfigurator, consumerConfigurator, partitions: 1);
}
