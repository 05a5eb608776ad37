using System.Net;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The command queues as quorum queues on the real broker: their shape, a message no consumer ever settles moved to
/// <c>_error</c> by the delivery limit, and what an upgrade over classic queues of the same name does.
/// </summary>
[Collection("services")]
public sealed class QuorumQueueTests(ServicesFixture services) : PollerTestBase(services)
{
    private const int DeliveryLimit = 3;

    [Fact]
    public async Task Command_queues_are_quorum_queues_with_a_delivery_limit_into_their_declared_error_queue()
    {
        await using (var app = StartApp(new Dictionary<string, string?> { ["RabbitMq:DeliveryLimit"] = $"{DeliveryLimit}" }))
        {
            await WaitUntilReadyAsync(app);
        }

        await using var connection = await ConnectAsync();
        foreach (var queue in new[] { CommandQueues.Track, CommandQueues.Untrack })
        {
            // A passive declare answers only when the queue exists; a declare with exactly these arguments only when they match.
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = DeliveryLimit,
                ["x-dead-letter-exchange"] = queue + "_error",
            });
            // MassTransit declares the _error queue with the queue's own arguments.
            await channel.QueueDeclareAsync(queue + "_error", durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = DeliveryLimit,
                ["x-dead-letter-exchange"] = queue + "_error",
            });
            await channel.ExchangeDeclarePassiveAsync(queue + "_error");
        }

        // And a classic declare of the same name is refused: the type is really quorum.
        await using var classic = await connection.CreateChannelAsync();
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            classic.QueueDeclareAsync(CommandQueues.Track, durable: true, exclusive: false, autoDelete: false, arguments: null));
        Assert.Contains("PRECONDITION_FAILED", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_whose_consumer_dies_at_each_delivery_goes_to_the_error_queue_after_the_delivery_limit()
    {
        // The poller declares the queues, then stops: the test is the consumer, one that never settles the message, as a
        // process that crashes while handling it would.
        await using (var app = StartApp(new Dictionary<string, string?> { ["RabbitMq:DeliveryLimit"] = $"{DeliveryLimit}" }))
        {
            await WaitUntilReadyAsync(app);
        }

        var queues = new CommandQueues(RabbitMqUri);
        var messageId = Guid.NewGuid().ToString();
        await queues.SendRawAsync(CommandQueues.Track, messageId, "application/vnd.masstransit+json", Encoding.UTF8.GetBytes("{}"));

        await using var connection = await ConnectAsync();
        var deliveries = 0;
        for (var attempt = 0; attempt < DeliveryLimit + 3; attempt++)
        {
            await using var channel = await connection.CreateChannelAsync();
            var got = await channel.BasicGetAsync(CommandQueues.Track, autoAck: false);
            if (got is null)
            {
                break;
            }

            Assert.Equal(messageId, got.BasicProperties.MessageId);
            deliveries++;
            // The channel closes with the message unsettled: the broker returns it and counts a failed delivery.
            await channel.CloseAsync();
        }

        Assert.Equal(DeliveryLimit + 1, deliveries);
        Assert.Equal(0u, await queues.ReadyAsync(CommandQueues.Track));
        var moved = await queues.TakeMovedAsync([CommandQueues.Track + "_error"], [messageId], TimeSpan.FromSeconds(10));
        Assert.True(moved.ContainsKey(messageId), "the message is in track-token_error");
        Assert.Equal("delivery_limit", moved[messageId].Headers.GetValueOrDefault("x-first-death-reason"));
    }

    [Fact]
    public async Task Over_a_classic_command_queue_a_quorum_poller_logs_the_refusal_and_a_classic_one_works()
    {
        await using (var connection = await ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            // What a poller of an earlier version declared: both command queues, classic. (Only one, and the quorum
            // poller could create the other as a quorum queue before it is killed, which the classic one then refuses.)
            foreach (var queue in new[] { CommandQueues.Track, CommandQueues.Untrack })
            {
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: null);
            }
        }

        // A process, killed after: a bus whose endpoint never starts keeps retrying on its connection.
        await using (var quorum = StartProcess(new Dictionary<string, string?> { ["Logging:LogLevel:MassTransit"] = "Warning" }))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!quorum.Output.Any(line => line.Contains("PRECONDITION_FAILED", StringComparison.Ordinal) && line.Contains("for queue 'track-token'", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no refusal of the quorum declare in the poller's log:\n{string.Join('\n', quorum.Output.TakeLast(40))}");
                await Task.Delay(200);
            }

            await quorum.KillAsync();
        }

        await using var classicPoller = StartApp(new Dictionary<string, string?> { ["RabbitMq:QueueType"] = "Classic" });
        await WaitUntilReadyAsync(classicPoller);
    }

    private static Task WaitUntilReadyAsync(PollerApp app)
    {
        var client = app.CreateClient();
        return EventuallyAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the poller to be ready", TimeSpan.FromSeconds(60));
    }

    private Task<IConnection> ConnectAsync() => new ConnectionFactory { Uri = RabbitMqUri }.CreateConnectionAsync();
}
