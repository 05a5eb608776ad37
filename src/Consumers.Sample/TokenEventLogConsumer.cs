using MassTransit;
using Tchek.Events.Contracts;

namespace Tchek.Events.Consumers.Sample;

/// <summary>Subscribes to every token event through <see cref="ITokenEvent"/> and logs it.</summary>
internal sealed partial class TokenEventLogConsumer(ILogger<TokenEventLogConsumer> logger) : IConsumer<ITokenEvent>
{
    public Task Consume(ConsumeContext<ITokenEvent> context)
    {
        var message = context.Message;
        LogReceived(logger, message.TokenUid, message.Sequence, message.Status, message.EventId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token {TokenUid} event {Sequence}: status {Status} (event {EventId})")]
    private static partial void LogReceived(ILogger logger, string tokenUid, long sequence, int status, Guid eventId);
}
