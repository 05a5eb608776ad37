using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Permissions;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.IntegrationTests.Schemas;

namespace Tchek.Events.IntegrationTests.Examples;

/// <summary>
/// examples/node-subscriber against the real poller and broker, every party with its own account as
/// shipped (deploy/rabbitmq/definitions.json, <c>subscribers add</c>): command.js tracks a token and gets
/// the reply; subscriber.js starts mid-stream, fetches the missing events from the API, validates
/// everything against docs/schemas, skips duplicates and drops what the poller did not publish.
/// </summary>
[Collection("services")]
public sealed class NodeSubscriberTests(ServicesFixture services)
{
    [Fact]
    public async Task The_node_example_commands_with_a_reply_and_subscribes_in_order_with_catch_up_dedupe_and_schema_checks()
    {
        await NodeExample.RequireAsync();
        await using var parties = await BrokerParties.CreateAsync(services);
        var poller = await parties.AddShippedAsync("tchek-poller");
        var commander = await parties.AddShippedAsync("tchek-commander");
        var subscriber = await parties.AddSubscriberAsync("node");
        await using var tap = await RawEventTap.StartAsync(parties.AdminUri);
        await using var vendor = await StubVendor.StartAsync();
        var database = await services.CreateDatabaseAsync("node_subscriber");
        await using var app = new PollerApp(PollerSettings.For(database, poller.Uri, vendor.BaseUrl)).StartedOnKestrel();
        using var api = app.CreateApiClient();
        await EventuallyAsync(async () => (await api.GetAsync("/health/ready")).IsSuccessStatusCode, "the poller to be ready");
        var uid = "N" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        vendor.Set(uid, 0);

        // The commander's request, with its reply, under the shipped commander account.
        var asCommander = new Dictionary<string, string> { ["AMQP_URL"] = commander.Uri.ToString() };
        Assert.Equal($"TokenTrackingAccepted {uid} Created", await NodeExample.RunAsync("command.js", ["track", uid], asCommander));
        Assert.Equal($"TokenTrackingAccepted {uid} AlreadyTracked", await NodeExample.RunAsync("command.js", ["track", uid], asCommander));
        Assert.StartsWith("TokenTrackingRefused x Invalid: ", await NodeExample.RunAsync("command.js", ["track", "x"], asCommander), StringComparison.Ordinal);

        // Events #1..#3 go out before the subscriber's queue exists: it starts mid-stream.
        await vendor.WaitForRequestsAsync(uid, 1, TimeSpan.FromSeconds(20));
        await StepAsync(vendor, uid, 1);
        await tap.WaitUntilAsync(r => r.Count(d => d.IsEventOf(uid)) == 3, TimeSpan.FromSeconds(20), "events #1..#3");
        var state = Path.Combine(Path.GetTempPath(), $"node-subscriber-{uid}.json");
        try
        {
            await using var node = NodeExample.Start("subscriber.js", ["--queue", $"{subscriber.Name}-events", "--state", state], new Dictionary<string, string>
            {
                ["AMQP_URL"] = subscriber.Uri.ToString(),
                ["TCHEK_API_URL"] = api.BaseAddress!.ToString(),
                ["TCHEK_API_KEY"] = PollerSettings.ApiKey,
                ["TCHEK_PUBLISHER"] = poller.User,
            });
            await node.ListeningAsync();
            await StepAsync(vendor, uid, 6);
            await StepAsync(vendor, uid, 3);
            await StepAsync(vendor, uid, 5, percentDamage: 12.5m);
            vendor.Set(uid, 5, expired: true, percentDamage: 12.5m);
            await node.WaitForAsync(l => l.Any(line => line.StartsWith($"TokenTrackingStopped #14 {uid} ", StringComparison.Ordinal)), "event #14");

            // A replay takes the events marked published, and the relay marks them just after the broker confirms.
            await EventuallyAsync(async () => (await api.GetFromJsonAsync<JsonArray>($"/tokens/{uid}/events"))!.All(e => e!["publishedAt"] is not null), "every event to be marked published");
            (await api.PostAsync($"/tokens/{uid}/replay?fromSequence=1&toSequence=3", null)).EnsureSuccessStatusCode();
            await node.WaitForAsync(l => l.Count(line => line.Contains($" {uid}", StringComparison.Ordinal)) == 18, "the replay of #1..#3");
            var chaseUp = tap.Received.Single(d => d.IsEventOf(uid) && d.Type == nameof(ChaseUpSent));
            await PublishCopyAsync(poller.Uri, chaseUp, poller.User);
            await node.WaitForAsync(l => l.Count(line => line.Contains($" {uid}", StringComparison.Ordinal)) == 19, "the duplicate #5");
            await PublishCopyAsync(parties.AdminUri, chaseUp, userId: null);
            await node.WaitForAsync(l => l.Any(line => line.StartsWith("rejected", StringComparison.Ordinal)), "the copy the poller did not publish");

            var ids = Enumerable.Range(1, 14).ToDictionary(i => i, i => TokenEventIds.For(uid, i));
            Assert.Equal(
                [
                    $"gap in {uid}: expected #1, got #4; fetching 1..3 with GET /tokens/{uid}/events?after=0&limit=3",
                    $"TokenTracked #1 {uid} status=0 fetched",
                    $"TokenStatusChanged #2 {uid} status=1 fetched previousStatus=0",
                    $"InspectionStarted #3 {uid} status=1 fetched",
                    $"TokenStatusChanged #4 {uid} status=6 previousStatus=1",
                    $"ChaseUpSent #5 {uid} status=6",
                    $"TokenStatusChanged #6 {uid} status=3 previousStatus=6",
                    $"FirstPictureTaken #7 {uid} status=3 inferred",
                    $"PicturesCompleted #8 {uid} status=3",
                    $"TokenStatusChanged #9 {uid} status=5 previousStatus=3",
                    $"DamageValidationStarted #10 {uid} status=5 inferred",
                    $"InspectionCompleted #11 {uid} status=5 percentDamage=12.5",
                    $"DamageAssessed #12 {uid} status=5 percentDamage=12.5",
                    $"TokenExpired #13 {uid} status=5",
                    $"TokenTrackingStopped #14 {uid} status=5 reason=Expired",
                    $"skipped duplicate TokenTracked #1 {uid} ({ids[1]}) replayed",
                    $"skipped duplicate TokenStatusChanged #2 {uid} ({ids[2]}) replayed",
                    $"skipped duplicate InspectionStarted #3 {uid} ({ids[3]}) replayed",
                    $"skipped duplicate ChaseUpSent #5 {uid} ({ids[5]})",
                    $"rejected a message: published by an unnamed account, not {poller.User}",
                ],
                node.Lines);
        }
        finally
        {
            File.Delete(state);
        }
    }

    // The same message again, as an at-least-once broker may deliver it: same body and ids, no Replayed header.
    private static async Task PublishCopyAsync(Uri broker, RawDelivery delivery, string? userId)
    {
        await using var connection = await new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = delivery.ContentType, MessageId = delivery.MessageId, Persistent = true, UserId = userId };
        await channel.BasicPublishAsync(delivery.Exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(delivery.Body.ToJsonString()));
    }

    // Sets the token's next state and waits until the poller has certainly seen it (two answers later).
    private static async Task StepAsync(StubVendor vendor, string uid, int status, decimal? percentDamage = null)
    {
        var before = vendor.RequestCount(uid);
        vendor.Set(uid, status, percentDamage: percentDamage);
        await vendor.WaitForRequestsAsync(uid, before + 1, TimeSpan.FromSeconds(20));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
