using System.Net.Http.Json;
using System.Text;
using RabbitMQ.Client;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.IntegrationTests.Schemas;

namespace Tchek.Events.IntegrationTests.Examples;

/// <summary>
/// examples/python-subscriber against the real broker and poller: it starts mid-stream, reports the
/// true gap with what to fetch, catches up from a replay without a false gap, and skips duplicates.
/// </summary>
[Collection("services")]
public sealed class PythonSubscriberTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task The_python_subscriber_reports_the_true_gap_catches_up_from_a_replay_and_skips_duplicates()
    {
        await PythonSubscriber.RequirePikaAsync();
        var queue = TestBus.UniqueQueueName("python");
        var database = Path.Combine(Path.GetTempPath(), $"{queue}.sqlite3");
        await using var tap = await RawEventTap.StartAsync(RabbitMqUri);
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);

        // Events #1..#3 go out before the subscriber's queue exists: it starts mid-stream.
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Vendor.WaitForRequestsAsync(uid, 1, TimeSpan.FromSeconds(20));
        await StepAsync(uid, 1);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(20), "events #1..#3");
        try
        {
            await using var python = await PythonSubscriber.StartAsync(RabbitMqUri, queue, database);
            await StepAsync(uid, 6);
            await StepAsync(uid, 3);
            await StepAsync(uid, 5, percentDamage: 12.5m);
            Vendor.Set(uid, 5, expired: true, percentDamage: 12.5m);
            await python.WaitForAsync(l => Of(l, uid).Any(line => line.StartsWith("TokenTrackingStopped #14 ", StringComparison.Ordinal)), "event #14");

            // A replay takes the events marked published, and the relay marks them just after the broker confirms.
            await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "every event to be marked published");
            (await api.PostAsync($"/tokens/{uid}/replay?fromSequence=1&toSequence=3", null)).EnsureSuccessStatusCode();
            await python.WaitForAsync(l => Of(l, uid).Count() == 15, "the replay of #1..#3");
            (await api.PostAsync($"/tokens/{uid}/replay?fromSequence=11&toSequence=11", null)).EnsureSuccessStatusCode();
            await python.WaitForAsync(l => Of(l, uid).Count() == 16, "the replay of #11");
            await RedeliverAsync(tap.Received.Single(d => d.IsEventOf(uid) && d.Type == nameof(ChaseUpSent)));
            await python.WaitForAsync(l => Of(l, uid).Count() == 17, "the duplicate #5");

            var eventIds = Enumerable.Range(1, 14).ToDictionary(i => i, i => TokenEventIds.For(uid, i));
            Assert.Equal(
                [
                    $"gap in {uid}: expected #1, got #4; fetch 1..3 with GET /tokens/{uid}/events?after=0",
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
                    $"TokenTracked #1 {uid} status=0 replayed late",
                    $"TokenStatusChanged #2 {uid} status=1 replayed late previousStatus=0",
                    $"InspectionStarted #3 {uid} status=1 replayed late",
                    $"skipped duplicate InspectionCompleted #11 {uid} ({eventIds[11]}) replayed",
                    $"skipped duplicate ChaseUpSent #5 {uid} ({eventIds[5]})",
                ],
                Of(python.Lines, uid));
        }
        finally
        {
            await DeleteQueueAsync(queue);
            File.Delete(database);
        }
    }

    // The broker is shared: the subscriber also sees other tests' tokens.
    private static IEnumerable<string> Of(IEnumerable<string> lines, string uid) => lines.Where(l => l.Contains($" {uid}", StringComparison.Ordinal));

    // The same message again, as an at-least-once broker may deliver it: same body, same ids, no Replayed header.
    private async Task RedeliverAsync(RawDelivery delivery)
    {
        await using var connection = await Connect();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = delivery.ContentType, MessageId = delivery.MessageId, Persistent = true };
        await channel.BasicPublishAsync(delivery.Exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(delivery.Body.ToJsonString()));
    }

    private async Task DeleteQueueAsync(string queue)
    {
        await using var connection = await Connect();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    private Task<IConnection> Connect() => new ConnectionFactory { Uri = RabbitMqUri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();
}
