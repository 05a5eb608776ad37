using MassTransit;
using Tchek.Events.Contracts;

namespace Tchek.Events.IntegrationTests.Messaging;

/// <summary>
/// A real consumer of <typeparamref name="TMessage"/> that hands the first message for one token
/// to the test. Messages for other tokens (another test run on the same broker) are ignored.
/// </summary>
internal sealed class AwaitingConsumer<TMessage>(string tokenUid) : IConsumer<TMessage>
    where TMessage : class, ITokenEvent
{
    private readonly TaskCompletionSource<Received<TMessage>> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Consume(ConsumeContext<TMessage> context)
    {
        if (context.Message.TokenUid == tokenUid)
        {
            context.TryGetMessage<InspectionStarted>(out var concrete);
            _received.TrySetResult(new Received<TMessage>(context.Message, context.MessageId, concrete?.Message));
        }

        return Task.CompletedTask;
    }

    /// <summary>The first matching message, or a <see cref="TimeoutException"/> saying what did not arrive.</summary>
    public async Task<Received<TMessage>> ReceivedWithin(TimeSpan timeout)
    {
        try
        {
            return await _received.Task.WaitAsync(timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"No {typeof(TMessage).Name} for token {tokenUid} reached the consumer within {timeout.TotalSeconds:0} s.", e);
        }
    }
}

/// <summary>What a consumer saw: the message as its subscribed type, the MassTransit MessageId, and the concrete event if the envelope offers it.</summary>
internal sealed record Received<TMessage>(TMessage Message, Guid? MessageId, InspectionStarted? AsInspectionStarted);
