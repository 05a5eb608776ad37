using MassTransit;

namespace Tchek.Events.StatusPoller.Messaging;

internal static class CommandRequests
{
    /// <summary>
    /// True when the sender waits for a reply (MassTransit's request client sets both). Without a
    /// response address, RespondAsync would publish the reply to every subscriber of its type.
    /// </summary>
    public static bool WantsReply(this ConsumeContext context) => context.RequestId is not null && context.ResponseAddress is not null;
}
