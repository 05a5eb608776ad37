using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// Pollers as real processes: killed with SIGKILL mid-run, and two at once over the same tokens.
/// Checked like Kafka Connect's exactly-once tests: every committed event delivered, none twice
/// under different ids, per-token sequences gapless and in order.
/// </summary>
[Collection("services")]
public sealed class CrashTests(ServicesFixture services, Xunit.Abstractions.ITestOutputHelper output) : PollerTestBase(services)
{
    private static readonly Dictionary<string, string?> FastRecovery = new()
    {
        ["Polling:LeaseDuration"] = "00:00:02",
        ["Logging:LogLevel:Default"] = "Error",
    };

    [Fact]
    public async Task A_poller_killed_abruptly_several_times_loses_and_scrambles_nothing()
    {
        var uids = Enumerable.Range(0, 20).Select(_ => NewUid()).ToList();
        uids.ForEach(uid => Vendor.Set(uid, 0));
        var poller = StartProcess(FastRecovery);
        await TrackAsync(uids);

        var lives = Task.WhenAll(uids.Select(async uid =>
        {
            foreach (var status in new[] { 1, 2, 6, 3, 4, 5 })
            {
                await StepAsync(uid, status);
            }

            Vendor.Set(uid, 5, expired: true);
        }));
        for (var kill = 0; kill < 3; kill++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await poller.KillAsync();
            poller = StartProcess(FastRecovery);
        }

        await lives;
        await Sink.WaitUntilAsync(r => uids.All(uid => r.Any(e => e.Event.TokenUid == uid && e.Type == "TokenTrackingStopped")), TimeSpan.FromSeconds(90), "every token to stop");

        await AssertDeliveredExactlyWhatWasCommittedAsync(uids);
        foreach (var uid in uids)
        {
            var types = Sink.For(uid).DistinctBy(r => r.MessageId).Select(r => r.Type).ToList();
            Assert.Equal("TokenTracked", types[0]);
            Assert.Equal(
                ["InspectionStarted", "FirstPictureTaken", "PicturesCompleted", "DamageValidationStarted", "InspectionCompleted"],
                types.Where(t => t is "InspectionStarted" or "FirstPictureTaken" or "PicturesCompleted" or "DamageValidationStarted" or "InspectionCompleted"));
            Assert.Equal(["TokenExpired", "TokenTrackingStopped"], types[^2..]);
        }
    }

    [Fact]
    public async Task Two_pollers_over_500_tokens_never_poll_one_token_at_once_and_keep_every_stream_whole()
    {
        var uids = Enumerable.Range(0, 500).Select(_ => NewUid()).ToList();
        uids.ForEach(uid => Vendor.Set(uid, 0));
        var slower = new Dictionary<string, string?>(FastRecovery)
        {
            ["Polling:UnopenedInterval"] = "00:00:01",
            ["Polling:ActiveInterval"] = "00:00:01",
            ["Polling:CompletedInterval"] = "00:00:01",
        };
        StartProcess(slower);
        StartProcess(slower);
        await TrackAsync(uids);

        await Sink.WaitUntilAsync(r => r.Count(e => e.Type == "TokenTracked") >= uids.Count, TimeSpan.FromSeconds(60), "every token tracked");
        uids.ForEach(uid => Vendor.Set(uid, 2));
        await Sink.WaitUntilAsync(r => r.Count(e => e.Type == "FirstPictureTaken") >= uids.Count, TimeSpan.FromSeconds(60), "every token at 2");
        uids.ForEach(uid => Vendor.Set(uid, 5));
        await Sink.WaitUntilAsync(r => r.Count(e => e.Type == "TokenTrackingStopped") >= uids.Count, TimeSpan.FromSeconds(90), "every token completed and stopped");

        Assert.Equal(0, Vendor.Overlaps);
        await AssertDeliveredExactlyWhatWasCommittedAsync(uids);
        Assert.All(uids, uid => Assert.Equal(
            ["TokenTracked", "TokenStatusChanged", "InspectionStarted*", "FirstPictureTaken", "TokenStatusChanged", "PicturesCompleted*", "DamageValidationStarted*", "InspectionCompleted", "TokenTrackingStopped"],
            Sink.For(uid).DistinctBy(r => r.MessageId).Select(r => r.Type + (r.Event.Inferred ? "*" : ""))));
        // Both instances did share the work.
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(DISTINCT lease_owner) FROM tracked_tokens"));
    }

    private async Task TrackAsync(IReadOnlyList<string> uids)
    {
        // Straight into the table, as soon as a poller has migrated the database.
        await EventuallyAsync(async () => await ScalarAsync<bool>("SELECT to_regclass('token_events') IS NOT NULL"), "a poller to migrate the database", TimeSpan.FromSeconds(60));

        await ExecuteAsync("""
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT uid, 0, 0, 0, false, now(), 0, 0, now(), now() FROM unnest(@uids) AS uid
            """, ("uids", uids.ToArray()));
    }

    /// <summary>
    /// Every event in the log reached the sink; every delivery is a logged event (same id for the
    /// same sequence); per token, first deliveries come in sequence order, 1..n without a gap.
    /// </summary>
    private async Task AssertDeliveredExactlyWhatWasCommittedAsync(IReadOnlyList<string> uids)
    {
        var logged = new Dictionary<Guid, (string Uid, long Sequence)>();
        await using (var connection = new Npgsql.NpgsqlConnection(Database))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT event_id, uid, sequence FROM token_events", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                logged[reader.GetGuid(0)] = (reader.GetString(1), reader.GetInt64(2));
            }
        }

        var delivered = Sink.All.Where(r => uids.Contains(r.Event.TokenUid)).ToList();
        output.WriteLine($"{logged.Count} events committed, {delivered.Count} deliveries, {delivered.Count - delivered.DistinctBy(r => r.MessageId).Count()} duplicates (same id)");
        Assert.All(delivered, r => Assert.True(logged.ContainsKey(r.MessageId!.Value), $"{r.Event.TokenUid}/{r.Event.Sequence} was never committed"));
        Assert.Empty(logged.Keys.Except(delivered.Select(r => r.MessageId!.Value)));
        foreach (var uid in uids)
        {
            var first = delivered.Where(r => r.Event.TokenUid == uid).DistinctBy(r => r.MessageId).ToList();
            Assert.Equal(Enumerable.Range(1, first.Count).Select(i => (long)i), first.Select(r => r.Event.Sequence));
            Assert.Equal(first.Count, first.Select(r => r.Event.Sequence).Distinct().Count());
        }
    }
}
