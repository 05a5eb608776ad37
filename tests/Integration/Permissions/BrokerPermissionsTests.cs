using System.Security.Cryptography;
using MassTransit;
using RabbitMQ.Client;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Tchek.Events.StatusPoller.Messaging;
using Tchek.Events.StatusPoller.Operations.Subscribers;
using Tchek.Events.StatusPoller.Operations.Subscribers.Rules;
using static Tchek.Events.IntegrationTests.Permissions.RawAmqp;

namespace Tchek.Events.IntegrationTests.Permissions;

/// <summary>
/// Each party acts with its own account against the real broker, in a vhost of its own: the shipped
/// poller and commander (deploy/rabbitmq/definitions.json), and subscribers made by <c>subscribers add</c>.
/// What a party may do works; what it may not is refused by the broker, from each client library.
/// </summary>
[Collection("services")]
public sealed class BrokerPermissionsTests(ServicesFixture services) : IAsyncLifetime
{
    private const string Contracts = "Tchek.Events.Contracts:";
    private const string AllEvents = Contracts + "ITokenEvent";
    private const string Invalid = "-";

    private BrokerParties _parties = null!;
    private (string User, Uri Uri) _poller;
    private TestBus _pollerBus = null!;

    public async Task InitializeAsync()
    {
        _parties = await BrokerParties.CreateAsync(services);
        try
        {
            _poller = await _parties.AddShippedAsync("tchek-poller");
            // The poller's topology, as its host declares it: the event exchanges, and the command endpoints that answer.
            _pollerBus = await TestBus.StartAsync(_poller.Uri, rabbit =>
            {
                rabbit.Publish<TokenEvent>(p => p.Exclude = true);
                rabbit.StampPublisherAccount(_poller.User);
                // An invalid command faults, as the poller's consumer does: straight to track-token_error, with a Fault<TrackToken>.
                rabbit.ReceiveEndpoint("track-token", e => e.Handler<TrackToken>(c => c.Message.TokenUid == Invalid
                    ? throw new InvalidCommandException($"TrackToken refused: uid: {Invalid} is no token uid")
                    : c.RespondAsync(new TokenTrackingAccepted { TokenUid = c.Message.TokenUid, Outcome = TokenTrackingOutcomes.Created })));
                rabbit.ReceiveEndpoint("untrack-token", e => e.Handler<UntrackToken>(c => c.RespondAsync(new TokenTrackingAccepted { TokenUid = c.Message.TokenUid, Outcome = TokenTrackingOutcomes.Untracked })));
            });
            await PublishEventAsync("warm-up");
        }
        catch
        {
            // xUnit 2 never disposes a class whose InitializeAsync threw: the accounts and the vhost go now.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_pollerBus is not null)
        {
            await _pollerBus.DisposeAsync();
        }

        await _parties.DisposeAsync();
    }

    [Fact]
    public async Task A_subscriber_receives_the_pollers_events_with_masstransit_pika_and_amqplib_each_stamped_with_the_pollers_account()
    {
        var crm = await _parties.AddSubscriberAsync("crm", queueSuffix: "masstransit");
        var uid = "P" + RandomNumberGenerator.GetHexString(8);
        var received = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The queue and its binding were made by `subscribers add`: the endpoint declares nothing outside crm-*.
        await using var masstransit = await TestBus.StartAsync(crm.Uri, rabbit => rabbit.ReceiveEndpoint($"{crm.Name}-masstransit", e =>
        {
            e.ConfigureConsumeTopology = false;
            e.PublishFaults = false;
            // The arguments `subscribers add --queue` declared it with: a declare must repeat them.
            e.SetQuorumQueue();
            e.SetQueueArgument("x-delivery-limit", 5);
            e.SetQueueArgument("x-dead-letter-exchange", $"{crm.Name}-masstransit_error");
            e.Handler<InspectionCompleted>(c =>
            {
                if (c.Message.TokenUid == uid)
                {
                    received.TrySetResult(c.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties.UserId : null);
                }

                return Task.CompletedTask;
            });
        }));
        await using var pika = await PartyProcess.PikaAsync(crm.Uri, "consume", $"{crm.Name}-pika", AllEvents);
        await using var amqplib = await PartyProcess.AmqplibAsync(crm.Uri, "consume", $"{crm.Name}-amqplib", AllEvents);
        await pika.WaitForAsync(l => l == "listening", "pika to listen");
        await amqplib.WaitForAsync(l => l == "listening", "amqplib to listen");

        await PublishEventAsync(uid);

        Assert.Equal(_poller.User, await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await pika.WaitForAsync(l => l == $"received InspectionCompleted {uid} user_id={_poller.User}", "pika to receive the event");
        await amqplib.WaitForAsync(l => l == $"received InspectionCompleted {uid} user_id={_poller.User}", "amqplib to receive the event");
    }

    [Fact]
    public async Task A_subscriber_may_not_send_commands_forge_events_or_silence_anyone_from_any_library()
    {
        var crm = await _parties.AddSubscriberAsync("crm");
        var dms = await _parties.AddSubscriberAsync("dms", queueSuffix: "events");
        var dmsQueue = $"{dms.Name}-events";
        string[] acts =
        [
            "publish-default:untrack-token", // finding 1: a command through amq.default
            "publish-default:track-token",
            $"publish-default:{dmsQueue}", // finding 2: a forged event in another party's queue
            $"publish:{Contracts}InspectionCompleted",
            $"publish:{AllEvents}",
            $"publish:{Contracts}TrackToken",
            $"publish:{Contracts}UntrackToken",
            $"declare-exchange:{Contracts}InspectionCompleted", // finding 3: redeclare, delete, purge
            $"delete-exchange:{AllEvents}",
            $"delete-exchange:{Contracts}InspectionCompleted",
            $"purge-queue:{dmsQueue}",
            $"delete-queue:{dmsQueue}",
            "purge-queue:untrack-token",
            "delete-queue:track-token",
        ];

        await using var pika = await PartyProcess.PikaAsync(crm.Uri, acts);
        await using var amqplib = await PartyProcess.AmqplibAsync(crm.Uri, acts);
        var expected = acts.Select(act => $"{act} {AccessRefused}").ToList();
        Assert.Equal(expected, await pika.ExitedAsync());
        Assert.Equal(expected, await amqplib.ExitedAsync());

        await using var raw = await ConnectAsync(crm.Uri);
        Assert.Equal(AccessRefused, await PublishAsync(raw, string.Empty, "untrack-token"));
        Assert.Equal(AccessRefused, await PublishAsync(raw, string.Empty, dmsQueue));
        Assert.Equal(AccessRefused, await PublishAsync(raw, AllEvents, string.Empty));
        Assert.Equal(AccessRefused, await PublishAsync(raw, Contracts + "TrackToken", string.Empty));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.ExchangeDeleteAsync(AllEvents)));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueuePurgeAsync(dmsQueue)));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueueDeleteAsync(dmsQueue)));
        // Around the rules: a dead-letter or alternate exchange needs write on it, so neither reaches amq.default.
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueueDeclareAsync($"{crm.Name}-trap", durable: false, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-dead-letter-exchange"] = "", ["x-dead-letter-routing-key"] = "untrack-token" })));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.ExchangeDeclareAsync($"{crm.Name}-trap", ExchangeType.Fanout, durable: false, autoDelete: false,
            new Dictionary<string, object?> { ["alternate-exchange"] = "untrack-token" })));
        // Nor may it read a command: binding its own queue to a command exchange needs read on it.
        Assert.Equal(Allowed, await TryAsync(raw, c => c.QueueDeclareAsync($"{crm.Name}-own", durable: false, exclusive: false, autoDelete: false)));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueueBindAsync($"{crm.Name}-own", Contracts + "TrackToken", string.Empty)));

        // Nothing was silenced: the exchanges and the other party's queue are still there.
        await using var admin = await ConnectAsync(_parties.AdminUri);
        Assert.Equal(Allowed, await TryAsync(admin, c => c.ExchangeDeclarePassiveAsync(AllEvents)));
        Assert.Equal(Allowed, await TryAsync(admin, c => c.QueueDeclarePassiveAsync(dmsQueue)));
    }

    [Fact]
    public async Task A_commander_sends_both_commands_and_reads_its_replies_and_nothing_else()
    {
        var commander = await _parties.AddShippedAsync("tchek-commander");
        await using (var bus = await TestBus.StartAsync(commander.Uri, rabbit =>
            rabbit.OverrideDefaultBusEndpointQueueName($"reply-commander-{RandomNumberGenerator.GetHexString(8).ToLowerInvariant()}")))
        {
            var track = await bus.Bus.CreateRequestClient<TrackToken>().GetResponse<TokenTrackingAccepted>(new TrackToken { TokenUid = "C1" });
            var untrack = await bus.Bus.CreateRequestClient<UntrackToken>().GetResponse<TokenTrackingAccepted>(new UntrackToken { TokenUid = "C1" });

            Assert.Equal(TokenTrackingOutcomes.Created, track.Message.Outcome);
            Assert.Equal(TokenTrackingOutcomes.Untracked, untrack.Message.Outcome);
        }

        await using var raw = await ConnectAsync(commander.Uri);
        Assert.Equal(AccessRefused, await PublishAsync(raw, string.Empty, "untrack-token"));
        Assert.Equal(AccessRefused, await PublishAsync(raw, Contracts + "InspectionCompleted", string.Empty));
        Assert.Equal(AccessRefused, await PublishAsync(raw, AllEvents, string.Empty));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.BasicGetAsync("track-token", autoAck: true)));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueuePurgeAsync("untrack-token")));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueueDeleteAsync("track-token")));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.ExchangeDeleteAsync(AllEvents)));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueueDeclareAsync("crm-events", durable: false, exclusive: false, autoDelete: false)));
        var reply = $"reply-commander-{RandomNumberGenerator.GetHexString(8).ToLowerInvariant()}";
        Assert.Equal(Allowed, await TryAsync(raw, c => c.QueueDeclareAsync(reply, durable: false, exclusive: false, autoDelete: true)));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueueBindAsync(reply, AllEvents, string.Empty)));
    }

    [Fact]
    public async Task A_commanders_fire_and_forget_fault_comes_back_to_its_own_reply_queue_and_nowhere_it_cannot_read()
    {
        var commander = await _parties.AddShippedAsync("tchek-commander");
        var suffix = RandomNumberGenerator.GetHexString(8).ToLowerInvariant();
        var faults = $"reply-commander-faults-{suffix}";
        var fault = new TaskCompletionSource<Fault<TrackToken>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bus = await TestBus.StartAsync(commander.Uri, rabbit =>
        {
            rabbit.OverrideDefaultBusEndpointQueueName($"reply-commander-{suffix}");
            rabbit.ReceiveEndpoint(faults, e =>
            {
                e.ConfigureConsumeTopology = false; // MassTransit:Fault--… is no exchange a commander may declare or read
                e.PublishFaults = false;
                e.Handler<Fault<TrackToken>>(c => Task.FromResult(fault.TrySetResult(c.Message)));
            });
        });

        await bus.Bus.Publish(new TrackToken { TokenUid = Invalid }, c => c.FaultAddress = new Uri($"queue:{faults}"));

        var received = await fault.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Invalid, received.Message.TokenUid);
        Assert.StartsWith("TrackToken refused: uid:", received.Exceptions[0].Message, StringComparison.Ordinal);
        // Without a fault address the fault is published to MassTransit's fault exchange: a commander cannot bind it.
        await using var raw = await ConnectAsync(commander.Uri);
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.QueueBindAsync(faults, "MassTransit:Fault--Tchek.Events.Contracts:TrackToken--", string.Empty)));
    }

    /// <summary>
    /// Why the shipped commander keeps configure on the two command exchanges (which also lets it delete
    /// them): with write alone a plain AMQP publish goes and deleting is refused, but MassTransit 8.5
    /// declares the exchange before its first send or publish (no passive mode, no setting or address
    /// parameter skips it), and a declare needs configure. If this test ever fails because MassTransit
    /// sent, drop configure on the command exchanges from tchek-commander (docs/deploying/broker-accounts.md).
    /// </summary>
    [Fact]
    public async Task A_commander_with_write_only_on_the_command_exchanges_sends_from_plain_amqp_but_not_from_masstransit()
    {
        var shipped = await BrokerParties.ShippedAsync("tchek-commander");
        var commander = await _parties.AddAccountAsync("commander-write-only", shipped with { Configure = "^reply-commander-.*$" });
        await using var raw = await ConnectAsync(commander.Uri);
        Assert.Equal(Allowed, await PublishAsync(raw, Contracts + "TrackToken", string.Empty));
        Assert.Equal(Allowed, await TryAsync(raw, c => c.ExchangeDeclarePassiveAsync(Contracts + "UntrackToken")));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.ExchangeDeleteAsync(Contracts + "TrackToken")));
        Assert.Equal(AccessRefused, await TryAsync(raw, c => c.ExchangeDeclareAsync(Contracts + "UntrackToken", ExchangeType.Fanout, durable: true, autoDelete: false)));

        await using var bus = await TestBus.StartAsync(commander.Uri, rabbit =>
            rabbit.OverrideDefaultBusEndpointQueueName($"reply-commander-{RandomNumberGenerator.GetHexString(8).ToLowerInvariant()}"));
        // MassTransit retries the refused declare until the send is given up: it never reaches the broker's exchange.
        await Assert.ThrowsAnyAsync<Exception>(() => bus.Bus.Publish(new UntrackToken { TokenUid = "C1" }).WaitAsync(TimeSpan.FromSeconds(5)));
        var endpoint = await bus.Bus.GetSendEndpoint(new Uri($"exchange:{Contracts}TrackToken"));
        await Assert.ThrowsAnyAsync<Exception>(() => endpoint.Send(new TrackToken { TokenUid = "C2" }).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_broker_refuses_a_user_id_that_is_not_the_publishing_account()
    {
        var crm = await _parties.AddSubscriberAsync("crm");
        var own = $"{crm.Name}-own";
        await using var raw = await ConnectAsync(crm.Uri);
        Assert.Equal(Allowed, await TryAsync(raw, c => c.ExchangeDeclareAsync(own, ExchangeType.Fanout, durable: false, autoDelete: true)));

        Assert.Equal(Allowed, await PublishAsync(raw, own, string.Empty, new BasicProperties { UserId = crm.Name }));
        Assert.Equal(406, await PublishAsync(raw, own, string.Empty, new BasicProperties { UserId = _poller.User }));
    }

    [Fact]
    public async Task Removing_a_subscriber_closes_its_connections_and_deletes_its_queues()
    {
        var crm = await _parties.AddSubscriberAsync("crm", queueSuffix: "events");
        await using var raw = await ConnectAsync(crm.Uri);
        await WaitUntilAsync(async () => (await _parties.Management.ConnectionsAsync(crm.Name, default)).Count > 0, "the management API to list the connection");

        // What `subscribers add` made: the queue, and its _error queue and exchange.
        Assert.Equal(3, await SubscribersCommand.RemoveAsync(_parties.Management, crm.Name, default));

        await WaitUntilAsync(() => Task.FromResult(!raw.IsOpen), "the subscriber's connection to close");
        await using var admin = await ConnectAsync(_parties.AdminUri);
        Assert.Equal(404, await TryAsync(admin, c => c.QueueDeclarePassiveAsync($"{crm.Name}-events")));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(crm.Uri));
    }

    [Fact]
    public async Task Bind_lets_an_account_made_before_TokenErased_bind_its_exchange_and_tells_subscribers_to_erase()
    {
        var bi = await _parties.AddSubscriberAsync("bi");
        // The account as an older `subscribers add` made it: every event exchange of then, TokenErased's not among them.
        var erasedExchange = Contracts + nameof(TokenErased);
        await _parties.Management.PutPermissionAsync(bi.Name, SubscriberPermissions.For(bi.Name, EventExchanges.ByType.Values.Where(e => e != erasedExchange)), default);
        await _pollerBus.Bus.Publish(new TokenErased { EventId = Guid.NewGuid(), TokenUid = "warm-up", Sequence = 2 }); // the poller declares its exchange
        var own = $"{bi.Name}-own";
        await using (var before = await ConnectAsync(bi.Uri))
        {
            Assert.Equal(Allowed, await TryAsync(before, c => c.QueueDeclareAsync(own, durable: false, exclusive: false, autoDelete: false)));
            Assert.Equal(AccessRefused, await TryAsync(before, c => c.QueueBindAsync(own, erasedExchange, string.Empty)));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_parties.ManagementSettings).Build();
        using var output = new StringWriter();
        Assert.Equal(0, await SubscribersCommand.RunAsync(["bind", bi.Name, "--queue", $"{bi.Name}-events", "--event", nameof(TokenErased)], configuration, output, output));

        Assert.Contains("may read every event exchange of today", output.ToString(), StringComparison.Ordinal);
        await using var after = await ConnectAsync(bi.Uri);
        Assert.Equal(Allowed, await TryAsync(after, c => c.QueueBindAsync(own, erasedExchange, string.Empty)));
        // The queue the command bound receives the event from the poller's account.
        var uid = "P" + RandomNumberGenerator.GetHexString(8);
        await _pollerBus.Bus.Publish(new TokenErased { EventId = TokenEventIds.For(uid, 2), TokenUid = uid, Sequence = 2 });
        await WaitUntilAsync(async () => await MessageCountAsync(after, $"{bi.Name}-events") > 0 && await MessageCountAsync(after, own) > 0, "TokenErased in both queues");
    }

    private static async Task<uint> MessageCountAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private Task PublishEventAsync(string uid) =>
        _pollerBus.Bus.Publish(new InspectionCompleted { EventId = Guid.NewGuid(), TokenUid = uid, Sequence = 1, Status = TokenStatusCodes.Completed });

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out waiting for {what}");
    }
}
