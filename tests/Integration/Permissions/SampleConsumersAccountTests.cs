extern alias sample;

using System.Net;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Npgsql;
using RabbitMQ.Client;
using sample::Tchek.Events.Consumers.Sample;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Deployment;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.StatusPoller.Messaging;
using Tchek.Events.StatusPoller.Operations.Subscribers;
using static Tchek.Events.IntegrationTests.Permissions.RawAmqp;

namespace Tchek.Events.IntegrationTests.Permissions;

/// <summary>
/// The sample consumers (the real program) with the narrow <c>samples</c> account of definitions.json,
/// their queues bound by compose's one-shot <c>subscribers bind</c>, in a vhost of their own: they get
/// the poller's events, and neither their consume path nor their error path needs a permission they lack.
/// </summary>
[Collection("services")]
public sealed class SampleConsumersAccountTests(ServicesFixture services)
{
    [Fact]
    public async Task The_sample_consumers_receive_the_pollers_events_with_the_samples_account_and_are_never_refused()
    {
        await using var parties = await BrokerParties.CreateAsync(services);
        var poller = await parties.AddShippedAsync("tchek-poller");
        var samples = await parties.AddShippedAsync("samples");
        // The poller's topology: the event exchanges exist once its bus has started, before any publish.
        await using var pollerBus = await TestBus.StartAsync(poller.Uri, rabbit =>
        {
            rabbit.DeployEventExchanges();
            rabbit.StampPublisherAccount(poller.User);
        });

        // Compose's one-shot step, exactly as compose runs it (the Kubernetes Job and run.sh run the same).
        var command = DeploymentFiles.ComposeCommand("samples-queues");
        Assert.Equal("subscribers", command[0]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(parties.ManagementSettings).Build();
        using var output = new StringWriter();
        Assert.Equal(0, await SubscribersCommand.RunAsync([.. command.Skip(1)], configuration, output, output));

        var database = await services.CreateDatabaseAsync("samples_account");
        var logName = $"samples-account-{RandomNumberGenerator.GetHexString(6).ToLowerInvariant()}.log";
        await using var consumers = await AppProcess.StartAsync("Consumers.Sample", logName, new Dictionary<string, string>
        {
            ["ConnectionStrings:RabbitMq"] = samples.Uri.ToString(),
            ["ConnectionStrings:Sample"] = database,
            ["Logging:LogLevel:Default"] = "Information",
        }, "/health/ready");

        var uid = "S" + RandomNumberGenerator.GetHexString(8);
        var id = TokenEventIds.For(uid, 1);
        await pollerBus.Bus.Publish(
            new InspectionStarted { EventId = id, TokenUid = uid, Sequence = 1, Status = 1, OccurredAt = DateTimeOffset.UtcNow, ObservedAt = DateTimeOffset.UtcNow },
            context => context.MessageId = id);

        await using var data = NpgsqlDataSource.Create(database);
        await WaitForAsync(async () => await InboxAsync(data, uid) == 2, "the CRM and DMS consumers to record the event in their inbox");
        await WaitForAsync(() => Task.FromResult(Log(logName).Contains($"{uid} #1", StringComparison.Ordinal)), "the all-events log to print the event");

        // The error path: a message no consumer can read goes to samples-crm-lead_error, inside the prefix.
        await using var admin = await ConnectAsync(parties.AdminUri);
        Assert.Equal(Allowed, await TryAsync(admin, c => c.BasicPublishAsync(string.Empty, SampleQueues.CrmLead, mandatory: false,
            new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() }, Encoding.UTF8.GetBytes("not json")).AsTask()));
        await WaitForAsync(async () => await MessagesAsync(admin, SampleQueues.CrmLead + "_error") == 1, "the unreadable message to reach samples-crm-lead_error");

        using var http = new HttpClient { BaseAddress = consumers.Url };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        var log = Log(logName);
        // A refused declare, bind or publish closes the channel with "code=403, text='ACCESS_REFUSED - …'".
        Assert.DoesNotContain("ACCESS_REFUSED", log, StringComparison.Ordinal);
        Assert.DoesNotContain("code=403", log, StringComparison.Ordinal);
    }

    private static string Log(string logName)
    {
        using var stream = new FileStream(Path.Combine(AppProcess.RepoRoot, "logs", logName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<long> InboxAsync(NpgsqlDataSource data, string uid)
    {
        await using var count = data.CreateCommand("SELECT count(*) FROM inbox WHERE token_uid = @uid");
        count.Parameters.AddWithValue("uid", uid);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<uint> MessagesAsync(IConnection admin, string queue)
    {
        await using var channel = await admin.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // not declared yet: MassTransit makes it at the first failure
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
