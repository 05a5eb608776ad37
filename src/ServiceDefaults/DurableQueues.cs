using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Tchek.Events.ServiceDefaults;

/// <summary>
/// The shape of every durable queue a host consumes from, and of the queues <c>subscribers bind</c> declares for a
/// party, so that both declare it alike (RabbitMQ refuses a declare whose arguments differ: PRECONDITION_FAILED). A
/// quorum queue hands a message its consumers never settled to its <c>_error</c> exchange after the delivery limit.
/// </summary>
public static class DurableQueues
{
    /// <summary>What MassTransit appends to a queue's name for the exchange and queue of its failed messages.</summary>
    public const string ErrorSuffix = "_error";

    /// <summary>The arguments of queue <paramref name="queue"/>: for a quorum queue, its type, delivery limit and dead-letter exchange.</summary>
    /// <param name="queue">The queue's name.</param>
    /// <param name="type">Its type.</param>
    /// <param name="deliveryLimit">Deliveries of a message never settled before it is dead-lettered (quorum only).</param>
    public static IReadOnlyDictionary<string, object> Arguments(string queue, BrokerQueueType type, int deliveryLimit) => type switch
    {
        BrokerQueueType.Quorum => new Dictionary<string, object>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = deliveryLimit,
            ["x-dead-letter-exchange"] = queue + ErrorSuffix,
        },
        _ => new Dictionary<string, object>(),
    };

    /// <summary>
    /// The type and delivery limit section <c>RabbitMq</c> sets (for a host without a bus, such as the <c>subscribers</c>
    /// command, which declares the parties' queues alike); out of range, the defaults do not apply: it throws.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    public static (BrokerQueueType Type, int DeliveryLimit) Shape(IConfiguration configuration)
    {
        var options = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        return options.DeliveryLimit is < 1 or > RabbitMqOptions.MaxDeliveryLimit || !Enum.IsDefined(options.QueueType)
            ? throw new InvalidOperationException($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.DeliveryLimit)} must be between 1 and {RabbitMqOptions.MaxDeliveryLimit} (it is {options.DeliveryLimit}).")
            : (options.QueueType, options.DeliveryLimit);
    }

    /// <summary>Declares <paramref name="endpoint"/>'s queue, and its <c>_error</c> exchange and queue at start, with <see cref="Arguments"/>.</summary>
    internal static void Configure(IRabbitMqReceiveEndpointConfigurator endpoint, string queue, RabbitMqOptions options)
    {
        if (options.QueueType != BrokerQueueType.Quorum)
        {
            return;
        }

        var arguments = Arguments(queue, options.QueueType, options.DeliveryLimit).Where(a => a.Key != "x-queue-type").ToList();
        endpoint.SetQuorumQueue();
        arguments.ForEach(a => endpoint.SetQueueArgument(a.Key, a.Value));

        // Declared with the endpoint, not at the first fault as MassTransit does: a message dead-lettered to an exchange
        // that does not exist yet would be dropped. MassTransit declares the _error queue with the queue's own
        // arguments, so this declare must carry them too (its dead-letter exchange is then its own: a cycle RabbitMQ
        // breaks by dropping a message that comes round again unsettled).
        endpoint.BindDeadLetterQueue(queue + ErrorSuffix, queue + ErrorSuffix, binding =>
        {
            binding.SetQuorumQueue();
            arguments.ForEach(a => binding.SetQueueArgument(a.Key, a.Value));
        });
    }
}
