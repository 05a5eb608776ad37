using System.Security.Cryptography;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using PublishException = RabbitMQ.Client.Exceptions.PublishException;

namespace Tchek.Events.IntegrationTests.Messaging;

/// <summary>
/// The shipped broker accounts (deploy/rabbitmq/definitions.json), loaded into the tests' broker:
/// the broker is the bus's authentication, and no one but the poller may publish an event.
/// </summary>
[Collection("services")]
public sealed class BrokerPermissionsTests(ServicesFixture services) : IAsyncLifetime
{
    private const string Event = "Tchek.Events.Contracts:InspectionCompleted";
    private const string Command = "Tchek.Events.Contracts:TrackToken";
    private const int AccessRefused = 403;

    private readonly Dictionary<string, string> _passwords = new()
    {
        ["tchek-poller"] = RandomNumberGenerator.GetHexString(24),
        ["tchek-consumer"] = RandomNumberGenerator.GetHexString(24),
        ["tchek-commander"] = RandomNumberGenerator.GetHexString(24),
    };

    public async Task InitializeAsync()
    {
        await services.RabbitMqCtlAsync(Definitions(), "import_definitions", "{file}");
        foreach (var (user, password) in _passwords)
        {
            // The import is asynchronous: the account may appear a moment later.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await services.RabbitMqCtlAsync(null, "change_password", user, password);
                    break;
                }
                catch (InvalidOperationException) when (attempt < 20)
                {
                    await Task.Delay(250);
                }
            }
        }

        await using var poller = await ConnectAsync("tchek-poller");
        await using var channel = await poller.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Event, ExchangeType.Fanout, durable: true);
        await channel.ExchangeDeclareAsync(Command, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync("track-token", durable: true, exclusive: false, autoDelete: false);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_consumer_account_is_refused_when_it_publishes_an_event()
    {
        await using var consumer = await ConnectAsync("tchek-consumer");

        Assert.Equal(AccessRefused, await PublishRefusalAsync(consumer, Event));
    }

    [Fact]
    public async Task The_commander_account_sends_commands_but_is_refused_an_event()
    {
        await using var commander = await ConnectAsync("tchek-commander");

        Assert.Null(await PublishRefusalAsync(commander, Command));
        Assert.Equal(AccessRefused, await PublishRefusalAsync(commander, Event));
    }

    [Fact]
    public async Task The_consumer_account_reads_events_on_its_own_queue_but_never_a_command_queue()
    {
        await using var consumer = await ConnectAsync("tchek-consumer");
        await using var channel = await consumer.CreateChannelAsync();
        var queue = $"permissions-test-{RandomNumberGenerator.GetHexString(8)}";
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
        await channel.QueueBindAsync(queue, Event, string.Empty);

        await using (var poller = await ConnectAsync("tchek-poller"))
        {
            Assert.Null(await PublishRefusalAsync(poller, Event));
        }

        BasicGetResult? got = null;
        for (var i = 0; i < 50 && got is null; i++)
        {
            got = await channel.BasicGetAsync(queue, autoAck: true);
            await Task.Delay(got is null ? 100 : 0);
        }

        Assert.NotNull(got);
        await using var other = await consumer.CreateChannelAsync();
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => other.BasicConsumeAsync("track-token", autoAck: true, new AsyncEventingBasicConsumer(other)));
        Assert.Equal(AccessRefused, (int?)refused.ShutdownReason?.ReplyCode);
    }

    [Fact]
    public async Task The_poller_account_publishes_a_commands_fault_and_the_commander_account_receives_it_on_its_own_queue()
    {
        var uid = "T" + RandomNumberGenerator.GetHexString(8);
        var received = new TaskCompletionSource<Fault<TrackToken>>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A commander's queue for faults is named command-faults*: the only queues it may declare besides its bus queue.
        await using var commander = await TestBus.StartAsync(AccountUri("tchek-commander"), cfg =>
            cfg.ReceiveEndpoint($"command-faults-{RandomNumberGenerator.GetHexString(8)}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<Fault<TrackToken>>(context =>
                {
                    if (context.Message.Message.TokenUid == uid)
                    {
                        received.TrySetResult(context.Message);
                    }

                    return Task.CompletedTask;
                });
            }));
        await using var poller = await TestBus.StartAsync(AccountUri("tchek-poller"), _ => { });

        // What MassTransit publishes when the poller's consumer refuses a command: the same exchanges and bindings.
        await poller.Bus.Publish<Fault<TrackToken>>(new { Message = new TrackToken { TokenUid = uid }, FaultId = NewId.NextGuid(), Timestamp = DateTime.UtcNow });

        var fault = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(uid, fault.Message.TokenUid);
    }

    [Fact]
    public async Task The_poller_account_publishes_upstream_health_events_a_consumer_account_binds_to_their_exchange_and_only_the_poller_may_publish_them()
    {
        var episode = Guid.NewGuid();
        var received = new TaskCompletionSource<IUpstreamHealthEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = await TestBus.StartAsync(AccountUri("tchek-consumer"), cfg =>
            cfg.ReceiveEndpoint($"permissions-health-{RandomNumberGenerator.GetHexString(8)}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<IUpstreamHealthEvent>(context =>
                {
                    if (context.Message.EpisodeId == episode)
                    {
                        received.TrySetResult(context.Message);
                    }

                    return Task.CompletedTask;
                });
            }));
        await using var poller = await TestBus.StartAsync(AccountUri("tchek-poller"), _ => { });

        await poller.Bus.Publish(new UpstreamDegraded { EventId = UpstreamHealthEventIds.Degraded(episode), EpisodeId = episode, Cause = UpstreamDegradationCauses.FailedPolls });

        Assert.Equal(UpstreamHealthEventIds.Degraded(episode), (await received.Task.WaitAsync(TimeSpan.FromSeconds(30))).EventId);
        await using var consumer = await ConnectAsync("tchek-consumer");
        await using var commander = await ConnectAsync("tchek-commander");
        Assert.Equal(AccessRefused, await PublishRefusalAsync(consumer, "Tchek.Events.Contracts:UpstreamDegraded"));
        Assert.Equal(AccessRefused, await PublishRefusalAsync(commander, "Tchek.Events.Contracts:IUpstreamHealthEvent"));
    }

    /// <summary>Publishes one message with a confirm; null when it went through, else the broker's reply code.</summary>
    private static async Task<int?> PublishRefusalAsync(IConnection connection, string exchange)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, body: "{}"u8.ToArray());
            return null;
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or PublishException)
        {
            for (var i = 0; i < 50 && channel.CloseReason is null; i++)
            {
                await Task.Delay(20);
            }

            return channel.CloseReason?.ReplyCode ?? -1;
        }
    }

    private Task<IConnection> ConnectAsync(string user)
    {
        var broker = services.RabbitMqUri;
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            UserName = user,
            Password = _passwords[user],
        };
        return factory.CreateConnectionAsync();
    }

    private Uri AccountUri(string user) =>
        new UriBuilder(services.RabbitMqUri) { UserName = user, Password = _passwords[user] }.Uri;

    private static string Definitions()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "deploy", "rabbitmq", "definitions.json");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("deploy/rabbitmq/definitions.json not found above the test's directory.");
    }
}
