using MassTransit;
using Tchek.Events.Consumers.Sample.AllEvents;
using Tchek.Events.Consumers.Sample.Crm;
using Tchek.Events.Consumers.Sample.Dms;

namespace Tchek.Events.Consumers.Sample;

/// <summary>
/// The sample's queues: all under its account's prefix <c>samples-</c>, the only names that account
/// may declare. They are bound to the event exchanges by <c>subscribers bind</c>, not by the sample.
/// </summary>
internal static class SampleQueues
{
    public const string Prefix = "samples-";
    public const string CrmLead = Prefix + CrmLeadConsumer.Name;
    public const string DmsInspection = Prefix + DmsInspectionConsumer.Name;
    public const string TokenEventLog = Prefix + "token-event-log";
}

/// <summary>
/// Shared endpoint policy: a partition per token keeps its events in arrival order, transient failures
/// are retried with back-off, and what still fails goes to <c>_error</c> for a later re-drive.
/// </summary>
internal static class EndpointPolicy
{
    /// <summary>
    /// A subscriber's account may not declare the event exchanges (declare needs configure, which also
    /// deletes), so MassTransit's consume topology stays off and <c>subscribers bind</c> binds the queue.
    /// </summary>
    public static void Named(IEndpointRegistrationConfigurator endpoint, string queue)
    {
        endpoint.Name = queue;
        endpoint.ConfigureConsumeTopology = false;
    }

    public static void Apply<TConsumer>(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TConsumer> consumer, int partitions = 16)
        where TConsumer : class, IConsumer<ITokenEvent>
    {
        // Fault<T> would go to MassTransit:Fault--… exchanges, outside the prefix; the _error queue keeps the failure.
        endpoint.PublishFaults = false;
        endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
        consumer.Message<ITokenEvent>(message => message.UsePartitioner(partitions, context => context.Message.TokenUid));
    }
}

internal sealed class CrmLeadConsumerDefinition : ConsumerDefinition<CrmLeadConsumer>
{
    public CrmLeadConsumerDefinition() => Endpoint(endpoint => EndpointPolicy.Named(endpoint, SampleQueues.CrmLead));

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CrmLeadConsumer> consumerConfigurator, IRegistrationContext context) =>
        EndpointPolicy.Apply(endpointConfigurator, consumerConfigurator);
}

internal sealed class DmsInspectionConsumerDefinition : ConsumerDefinition<DmsInspectionConsumer>
{
    public DmsInspectionConsumerDefinition() => Endpoint(endpoint => EndpointPolicy.Named(endpoint, SampleQueues.DmsInspection));

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DmsInspectionConsumer> consumerConfigurator, IRegistrationContext context) =>
        EndpointPolicy.Apply(endpointConfigurator, consumerConfigurator);
}

internal sealed class TokenEventLogConsumerDefinition : ConsumerDefinition<TokenEventLogConsumer>
{
    public TokenEventLogConsumerDefinition() => Endpoint(endpoint => EndpointPolicy.Named(endpoint, SampleQueues.TokenEventLog));

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TokenEventLogConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // A window on the live stream, not a system of record: a restart shows what happens now, not
        // a backlog from while it was away. (A temporary queue would need binding by the sample itself.)
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PurgeOnStartup = true;
        }

        EndpointPolicy.Apply(endpointConfigurator, consumerConfigurator, partitions: 1);
    }
}
