extern alias subscriber;

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.Logging;
using subscriber::Tchek.Events.Examples.Subscriber;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Consumers;

/// <summary>
/// The subscriber guide's example (docs/subscribing/csharp.md, examples/csharp-subscriber) against the real poller and broker: bound
/// mid-stream it catches up from the poller's store with no false gap, applies each event once in
/// order, dispatches on the concrete type, and reads a replay's header as a boolean.
/// </summary>
[Collection("services")]
public sealed class SubscriberGuideTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task The_guide_subscriber_started_mid_stream_catches_up_in_order_and_skips_replays()
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Vendor.WaitForRequestsAsync(uid, 1, TimeSpan.FromSeconds(20));
        await StepAsync(uid, 1);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) >= 3, TimeSpan.FromSeconds(30), $"{uid}'s first three events");
        // Every event so far is marked published, so none of them is still on its way to the exchanges when the
        // subscriber's queue is bound: the first one the queue gets is the next one.
        var beforeBinding = await AllMarkedPublishedAsync(api, uid);

        // The subscriber's queue is bound only now: the events so far were published before it existed.
        var board = new CrmBoard();
        using var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var consumer = new TokenEventsConsumer(board, new PollerEvents(api), loggers.CreateLogger<TokenEventsConsumer>());
        await using (await TestBus.StartAsync(RabbitMqUri, cfg => cfg.ReceiveEndpoint(TestBus.UniqueQueueName("guide"), endpoint =>
        {
            endpoint.AutoDelete = true;
            endpoint.Consumer(() => consumer, c => c.Message<ITokenEvent>(m => m.UsePartitioner(16, x => x.Message.TokenUid)));
        })))
        {
            await StepAsync(uid, 3);
            await StepAsync(uid, 5, percentDamage: 12.5m);
            await EventuallyAsync(() => board.Stage(uid) == "report ready, 12.5% damage", "the report to reach the board");
            Vendor.Set(uid, 5, expired: true, percentDamage: 12.5m);
            await EventuallyAsync(() => board.Stage(uid) == "no longer followed (Expired)", "the stop to reach the board");

            var published = Sink.For(uid);
            Assert.Equal(published.Select(p => p.Event.Sequence), board.Applied.Select(e => e.Sequence));
            Assert.Equal(published.Select(p => p.Event.EventId), board.Applied.Select(e => e.EventId));
            Assert.Single(board.Applied.OfType<InspectionStarted>()); // read from the store (#3), as its contract type
            Assert.Equal(12.5m, Assert.Single(board.Applied.OfType<InspectionCompleted>()).PercentDamage);
            var gap = Assert.Single(logs.Lines, l => l.Contains("expected #", StringComparison.Ordinal));
            Assert.True(gap.Contains($"{uid}: expected #1, received #{beforeBinding + 1};", StringComparison.Ordinal), string.Join('\n', logs.Lines));

            // A replay of everything: each one recognised, none applied again, the header read as a bool.
            // A replay sends what the relay has marked published; the last event may have reached the board first.
            Assert.Equal(published.Count, await AllMarkedPublishedAsync(api, uid));
            var replay = await api.PostAsync($"/tokens/{uid}/replay?fromSequence=1&toSequence={published.Count}", null);
            replay.EnsureSuccessStatusCode();
            Assert.Equal(published.Count, (await replay.Content.ReadFromJsonAsync<JsonObject>())!["replayed"]!.GetValue<int>());
            await EventuallyAsync(
                () => logs.Lines.Count(l => l.Contains("already applied (replayed: True)", StringComparison.Ordinal)) == published.Count,
                $"{published.Count} replayed events to be recognised");
            Assert.Equal(published.Count, board.Applied.Count);
            Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        }
    }

    /// <summary>Waits until every stored event of <paramref name="uid"/> is marked published; returns how many there are.</summary>
    private static async Task<int> AllMarkedPublishedAsync(HttpClient api, string uid)
    {
        var count = 0;
        await EventuallyAsync(async () =>
        {
            var events = (await api.GetFromJsonAsync<JsonArray>($"/tokens/{uid}/events"))!;
            count = events.Count;
            return events.All(e => e!["publishedAt"] is not null);
        }, $"every event of {uid} to be marked published");
        return count;
    }
}
