extern alias subscriber;

using System.Net.Http.Json;
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

        // The subscriber's queue is bound only now: #1..#3 were published before it existed.
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
            // The first event it receives is #4, unless the relay published #2 or #3 again after the queue was bound
            // (at least once: a confirm lost on a loaded machine, as on CI once); either way #1 is what it expected.
            var received = System.Text.RegularExpressions.Regex.Match(gap, $"{uid}: expected #1, received #(\\d+)");
            Assert.True(received.Success, gap);
            Assert.InRange(int.Parse(received.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2, 4);

            // A replay of everything: each one recognised, none applied again, the header read as a bool.
            (await api.PostAsync($"/tokens/{uid}/replay?fromSequence=1&toSequence={published.Count}", null)).EnsureSuccessStatusCode();
            await EventuallyAsync(
                () => logs.Lines.Count(l => l.Contains("already applied (replayed: True)", StringComparison.Ordinal)) == published.Count,
                $"{published.Count} replayed events to be recognised");
            Assert.Equal(published.Count, board.Applied.Count);
            Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        }
    }
}
