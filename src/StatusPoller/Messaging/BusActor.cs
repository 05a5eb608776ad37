using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

internal static class BusActor
{
    /// <summary>
    /// The sender of a command, for the audit trail: RabbitMQ's <c>user_id</c>, which the broker
    /// checks against the publishing account, when the sender set it.
    /// </summary>
    public static Actor Of(ConsumeContext context) =>
        Actor.OfBus(context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties.UserId : null);
}
