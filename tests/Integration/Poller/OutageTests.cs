using System.Net;
using System.Net.Http.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>The broker or the database out of reach for a while, through a proxy only this poller uses.</summary>
[Collection("services")]
public sealed class OutageTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task Events_wait_in_the_outbox_while_the_broker_is_unreachable_and_all_go_out_in_order_after()
    {
        await using var broker = TcpProxy.Start(RabbitMqUri.Host, RabbitMqUri.Port);
        var viaProxy = new UriBuilder(RabbitMqUri) { Host = "127.0.0.1", Port = broker.Port }.Uri;
        await using var app = StartApp(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = viaProxy.ToString() });
        using var api = app.CreateApiClient();
        var uids = Enumerable.Range(0, 5).Select(_ => NewUid()).ToList();
        uids.ForEach(uid => Vendor.Set(uid, 0));
        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = uids.Select(uid => new { uid }) })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => uids.All(uid => r.Any(e => e.Event.TokenUid == uid)), TimeSpan.FromSeconds(30), "TokenTracked for all");

        broker.Cut();
        var requestsAtCut = Vendor.TotalRequests;
        foreach (var status in new[] { 1, 3, 5 })
        {
            await Task.WhenAll(uids.Select(uid => StepAsync(uid, status)));
        }

        // Meanwhile the poller kept polling, committed the changes, and published none of them.
        Assert.True(Vendor.TotalRequests > requestsAtCut + (3 * uids.Count));
        var waiting = await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE published_at IS NULL");
        // S 1, S 2* 3, S 4* 5 for each token (the stop after the completed tail may follow).
        Assert.True(waiting >= uids.Count * 8L, $"{waiting} events waiting");
        Assert.All(uids, uid => Assert.Single(Sink.For(uid)));

        broker.Restore();
        await Sink.WaitUntilAsync(r => uids.All(uid => r.Count(e => e.Event.TokenUid == uid) >= 10), TimeSpan.FromSeconds(90), "the backlog after the broker came back");

        foreach (var uid in uids)
        {
            var received = Sink.For(uid).DistinctBy(r => r.MessageId).ToList();
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received.Select(r => r.Event.Sequence));
            Assert.Equal(
                ["TokenTracked", "TokenStatusChanged", "InspectionStarted", "TokenStatusChanged", "FirstPictureTaken", "PicturesCompleted",
                 "TokenStatusChanged", "DamageValidationStarted", "InspectionCompleted", "TokenTrackingStopped"],
                received.Select(r => r.Type));
        }
    }

    [Fact]
    public async Task Readiness_follows_the_database_and_liveness_does_not()
    {
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(Database);
        await using var database = TcpProxy.Start(admin.Host!, admin.Port);
        var viaProxy = new Npgsql.NpgsqlConnectionStringBuilder(Database) { Host = "127.0.0.1", Port = database.Port, Pooling = false }.ConnectionString;
        await using var app = StartApp(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = viaProxy });
        using var client = app.CreateClient();
        await WaitForStatusAsync(client, "/health/ready", HttpStatusCode.OK);

        database.Cut();
        await WaitForStatusAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        database.Restore();
        await WaitForStatusAsync(client, "/health/ready", HttpStatusCode.OK);
    }

    private static Task WaitForStatusAsync(HttpClient client, string path, HttpStatusCode expected) =>
        EventuallyAsync(async () => (await client.GetAsync(path)).StatusCode == expected, $"{path} to answer {expected}", TimeSpan.FromSeconds(60));
}
