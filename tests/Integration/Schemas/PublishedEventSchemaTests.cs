using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Schemas;

/// <summary>
/// What the poller really puts on the wire, read below MassTransit as any AMQP client would, holds to
/// docs/schemas: the envelope, and each event's payload, for every event type; and a command sent
/// from a plain AMQP client the way docs/asyncapi.yaml says is carried out; the HTTP API shows each
/// event with the bus's very JSON; a refused command's fault holds to Fault.json.
/// </summary>
[Collection("services")]
public sealed class PublishedEventSchemaTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly string[] EveryEventType = typeof(ITokenEvent).Assembly.GetExportedTypes()
        .Where(t => t.IsSealed && typeof(ITokenEvent).IsAssignableFrom(t))
        .Select(t => t.Name)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private Uri _broker = null!;

    [Fact]
    public async Task Real_events_of_every_type_and_their_replays_are_valid_against_the_schemas()
    {
        await using var tap = await RawEventTap.StartAsync(RabbitMqUri);
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var (uid, published) = await LiveAsync(api, tap);
        (await api.PostAsync($"/tokens/{uid}/replay?fromSequence=1", null)).EnsureSuccessStatusCode();
        await tap.WaitUntilAsync(r => r.Count(d => Of(d, uid)) == 2 * published.Count, TimeSpan.FromSeconds(30), "the replay");
        var replayed = tap.Received.Where(d => Of(d, uid)).Skip(published.Count).ToList();
        Assert.Equal("lead-42", await ScalarAsync<string>("SELECT external_reference FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        // Last, the erase of the stopped token: its TokenErased.
        (await api.PostAsync($"/tokens/{uid}/erase", null)).EnsureSuccessStatusCode();
        await tap.WaitUntilAsync(r => r.Any(d => Of(d, uid) && d.Type == nameof(TokenErased)), TimeSpan.FromSeconds(30), $"{uid}'s TokenErased");
        var erased = tap.Received.Single(d => Of(d, uid) && d.Type == nameof(TokenErased));

        Assert.Equal(EveryEventType, published.Append(erased).Select(d => d.Type).Distinct().Order(StringComparer.Ordinal));
        foreach (var delivery in published.Concat(replayed).Append(erased))
        {
            AssertValid(delivery);
        }

        Assert.All(published.Append(erased), d => Assert.Null(d.Body["headers"]!["Replayed"]));
        Assert.All(replayed, d => Assert.Equal(JsonValueKind.True, d.Body["headers"]!["Replayed"]!.GetValueKind()));
        Assert.Equal(published.Select(d => d.MessageId), replayed.Select(d => d.MessageId));
        // A replay carries the event's very JSON.
        Assert.All(published.Zip(replayed), pair => Assert.True(JsonNode.DeepEquals(pair.First.Message, pair.Second.Message), $"replayed {pair.Second.Message.ToJsonString()}"));

        // The first of each type, and one replay, as captured: docs/samples (scripts/capture-samples.sh).
        foreach (var first in published.Append(erased).GroupBy(d => d.Type).Select(g => g.First()))
        {
            CapturedSamples.Write(first.Type, first.Body);
        }

        CapturedSamples.Write($"{replayed[0].Type}.replayed", replayed[0].Body);
    }

    [Fact]
    public async Task Events_read_over_http_are_the_bus_messages_and_valid_against_the_schemas()
    {
        await using var tap = await RawEventTap.StartAsync(RabbitMqUri);
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var (uid, published) = await LiveAsync(api, tap);

        var items = await EventsAsync(api, uid);
        // Erased, the token's stored events are gone but its TokenErased, which the HTTP API shows the same way.
        (await api.PostAsync($"/tokens/{uid}/erase", null)).EnsureSuccessStatusCode();
        await tap.WaitUntilAsync(r => r.Any(d => Of(d, uid) && d.Type == nameof(TokenErased)), TimeSpan.FromSeconds(30), $"{uid}'s TokenErased");
        var erased = tap.Received.Single(d => Of(d, uid) && d.Type == nameof(TokenErased));
        var afterErase = await EventsAsync(api, uid);

        Assert.Equal(published.Select(d => d.Message["sequence"]!.GetValue<long>()), items.Select(i => i["sequence"]!.GetValue<long>()));
        Assert.Equal(EveryEventType, items.Concat(afterErase).Select(i => i["type"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        foreach (var (item, delivery) in items.Zip(published).Concat(afterErase.Select(i => (i, erased))))
        {
            var what = $"{delivery.Type} #{delivery.Message["sequence"]}";
            var payload = item["payload"]!;
            Assert.Equal(delivery.Type, item["type"]!.GetValue<string>());
            Assert.Equal(delivery.Message["eventId"]!.GetValue<string>(), item["eventId"]!.GetValue<string>());
            Assert.Null(DocsSchemas.Errors($"{delivery.Type}.json", payload) is { } errors ? $"{what} over HTTP: {errors}" : null);
            Assert.Null(DocsSchemas.StrictErrors($"{delivery.Type}.json", payload) is { } strict ? $"{what} over HTTP: {strict}" : null);
            Assert.True(JsonNode.DeepEquals(delivery.Message, payload), $"{what}: the bus carries {delivery.Message.ToJsonString()}, the HTTP API {payload.ToJsonString()}");
        }

        Assert.Contains(items, i => i["payload"]!["percentDamage"] is JsonValue damage && damage.GetValueKind() == JsonValueKind.String);
    }

    [Fact]
    public async Task A_refused_command_faults_with_the_fault_schema_exceptions_in_camel_case()
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        await EventuallyAsync(async () => (await api.GetAsync("/health/ready")).IsSuccessStatusCode, "the poller to be ready");
        var faults = $"contract-faults-{Guid.NewGuid():N}";
        await using var connection = await new ConnectionFactory { Uri = RabbitMqUri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // Declared as MassTransit declares the queue of a "queue:" address, which it then sends the fault to.
        await channel.QueueDeclareAsync(faults, durable: true, exclusive: false, autoDelete: false);
        try
        {
            var envelope = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(),
                ["faultAddress"] = $"queue:{faults}",
                ["messageType"] = new JsonArray("urn:message:Tchek.Events.Contracts:TrackToken"),
                ["message"] = new JsonObject { ["tokenUid"] = "no!" },
            };
            await PublishAsync(channel, "track-token", envelope);

            BasicGetResult? got = null;
            await EventuallyAsync(async () => (got = await channel.BasicGetAsync(faults, autoAck: true)) is not null, "the fault");
            var body = JsonNode.Parse(Encoding.UTF8.GetString(got!.Body.Span))!.AsObject();
            var fault = body["message"]!.AsObject();

            Assert.Null(DocsSchemas.Errors("envelope.json", body));
            Assert.Null(DocsSchemas.Errors("Fault.json", fault));
            Assert.Null(DocsSchemas.StrictErrors("Fault.json", fault));
            Assert.Equal("urn:message:MassTransit:Fault[[Tchek.Events.Contracts:TrackToken]]", body["messageType"]![0]!.GetValue<string>());
            Assert.StartsWith("TrackToken refused: uid:", fault["exceptions"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(envelope["messageId"]!.GetValue<string>(), fault["faultedMessageId"]!.GetValue<string>());
            Assert.Equal("no!", fault["message"]!["tokenUid"]!.GetValue<string>());
            CapturedSamples.Write("Fault.TrackToken", body);
        }
        finally
        {
            await channel.QueueDeleteAsync(faults);
            await channel.ExchangeDeleteAsync(faults);
        }
    }

    /// <summary>
    /// Tracks a new token with a command from a plain AMQP client and walks it through every status to its
    /// stop; answers its uid and its events as published, once the relay has marked them all published.
    /// </summary>
    private async Task<(string Uid, List<RawDelivery> Published)> LiveAsync(HttpClient api, RawEventTap tap)
    {
        // The class's own vhost (PollerTestBase): no other poller competes for the TrackToken sent here.
        _broker = RabbitMqUri;
        await EventuallyAsync(async () => (await api.GetAsync("/health/ready")).IsSuccessStatusCode, "the poller to be ready");
        var uid = NewUid();
        Vendor.Set(uid, 0);

        await SendTrackTokenAsync(uid);
        await Vendor.WaitForRequestsAsync(uid, 1, TimeSpan.FromSeconds(20));
        await StepAsync(uid, 1);
        await StepAsync(uid, 6);
        await StepAsync(uid, 3);
        await StepAsync(uid, 5, percentDamage: 12.5m);
        Vendor.Set(uid, 5, expired: true, percentDamage: 12.5m);
        await tap.WaitUntilAsync(r => r.Any(d => Of(d, uid) && d.Type == nameof(TokenTrackingStopped)), TimeSpan.FromSeconds(30), $"{uid} to stop");
        // A replay takes the events marked published, and the relay marks them just after the broker confirms.
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "every event to be marked published");
        return (uid, tap.Received.Where(d => Of(d, uid)).ToList());
    }

    private static async Task<List<JsonObject>> EventsAsync(HttpClient api, string uid)
    {
        var response = await api.GetAsync($"/tokens/{uid}/events?limit=1000");
        response.EnsureSuccessStatusCode();
        return [.. JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(n => n!.AsObject())];
    }

    private static void AssertValid(RawDelivery delivery)
    {
        var what = $"{delivery.Type} #{delivery.Message["sequence"]}";
        Assert.Equal("application/vnd.masstransit+json", delivery.ContentType);
        Assert.True(delivery.Persistent, $"{what} is not persistent");
        Assert.Equal($"Tchek.Events.Contracts:{delivery.Type}", delivery.Exchange);

        Assert.Null(DocsSchemas.Errors("envelope.json", delivery.Body) is { } envelopeErrors ? $"{what}, envelope: {envelopeErrors}" : null);
        Assert.Null(DocsSchemas.Errors($"{delivery.Type}.json", delivery.Message) is { } errors ? $"{what}: {errors}" : null);
        // The producer emits no property outside the schema, at any depth (docs/subscribing/wire-format.md, Unknown properties).
        Assert.Null(DocsSchemas.StrictErrors($"{delivery.Type}.json", delivery.Message) is { } strict ? $"{what}: {strict}" : null);
        Assert.Null(DocsSchemas.StrictErrors("envelope.json", delivery.Body) is { } strictEnvelope ? $"{what}, envelope: {strictEnvelope}" : null);

        // Nothing on the wire that the schemas do not name: MassTransit writes every property, nulls included.
        Assert.Equal(DocsSchemas.Properties($"{delivery.Type}.json").Order(), delivery.Message.Select(p => p.Key).Order());
        Assert.Subset(DocsSchemas.Properties("envelope.json").ToHashSet(), delivery.Body.Select(p => p.Key).ToHashSet());

        var eventId = delivery.Message["eventId"]!.GetValue<string>();
        Assert.Equal(eventId, delivery.Body["messageId"]!.GetValue<string>());
        Assert.Equal(eventId, delivery.MessageId);
        // TokenErased derives from no base: its only other type is the interface.
        string[] types = delivery.Type == nameof(TokenErased)
            ? [$"urn:message:Tchek.Events.Contracts:{delivery.Type}", "urn:message:Tchek.Events.Contracts:ITokenEvent"]
            : [$"urn:message:Tchek.Events.Contracts:{delivery.Type}", "urn:message:Tchek.Events.Contracts:TokenEvent", "urn:message:Tchek.Events.Contracts:ITokenEvent"];
        Assert.Equal(types, delivery.Body["messageType"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    // As docs/asyncapi.yaml tells any AMQP client: the envelope's least, to the exchange named after the endpoint.
    private async Task SendTrackTokenAsync(string uid)
    {
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray("urn:message:Tchek.Events.Contracts:TrackToken"),
            ["message"] = new JsonObject { ["tokenUid"] = uid, ["externalReference"] = "lead-42", ["metadata"] = new JsonObject { ["dealer"] = "lyon" } },
        };
        Assert.Null(DocsSchemas.Errors("envelope.json", envelope));
        Assert.Null(DocsSchemas.Errors("TrackToken.json", envelope["message"]!));

        await using var connection = await new ConnectionFactory { Uri = _broker, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await PublishAsync(channel, "track-token", envelope);
    }

    private static async Task PublishAsync(IChannel channel, string exchange, JsonObject envelope)
    {
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = envelope["messageId"]!.GetValue<string>() };
        await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }

    private static bool Of(RawDelivery delivery, string uid) => delivery.IsEventOf(uid);
}
