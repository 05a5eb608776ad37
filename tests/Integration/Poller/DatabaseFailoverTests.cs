using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// What a PostgreSQL failover does to its clients, on the one shared server: every session of the poller's database
/// ended (pg_terminate_backend, as a dying primary ends them), and a multi-host connection string whose first host is
/// dead. The poller resumes without a restart, and no observation is lost for good.
/// </summary>
[Collection("services")]
public sealed class DatabaseFailoverTests(ServicesFixture services, Xunit.Abstractions.ITestOutputHelper output) : PollerTestBase(services)
{
    private static readonly Dictionary<string, string?> FastRecovery = new() { ["Polling:LeaseDuration"] = "00:00:02" };

    [Fact]
    public async Task After_every_session_of_the_database_is_ended_mid_run_events_keep_flowing_whole_and_the_relay_leads_again()
    {
        await using var app = StartApp(FastRecovery);
        var uids = Enumerable.Range(0, 10).Select(_ => NewUid()).ToList();
        uids.ForEach(uid => Vendor.Set(uid, 0));
        await TrackAsync(app, uids);

        var lives = Task.WhenAll(uids.Select(async uid =>
        {
            foreach (var status in new[] { 1, 2, 3, 4, 5 })
            {
                await StepAsync(uid, status);
            }

            Vendor.Set(uid, 5, expired: true);
        }));
        var ended = 0;
        for (var failover = 0; failover < 3; failover++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            ended += await EndSessionsAsync();
        }

        await lives;
        await Sink.WaitUntilAsync(r => uids.All(uid => r.Any(e => e.Event.TokenUid == uid && e.Type == "TokenTrackingStopped")), TimeSpan.FromSeconds(90), "every token to stop");
        output.WriteLine($"{ended} sessions ended in 3 failovers");
        Assert.True(ended >= 3, $"only {ended} sessions were ended");

        await AssertDeliveredExactlyWhatWasCommittedAsync(uids);
        Assert.All(uids, uid => Assert.Equal(
            ["InspectionStarted", "FirstPictureTaken", "PicturesCompleted", "DamageValidationStarted", "InspectionCompleted"],
            Sink.For(uid).DistinctBy(r => r.MessageId).Select(r => r.Type)
                .Where(t => t is "InspectionStarted" or "FirstPictureTaken" or "PicturesCompleted" or "DamageValidationStarted" or "InspectionCompleted")));
        // The relay holds its lock again, on a new session, and nothing waits in the outbox.
        await EventuallyAsync(async () => await ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()") == 1,
            "the relay to hold its lock again");
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE published_at IS NULL"));
    }

    [Fact]
    public async Task A_multi_host_connection_string_whose_first_host_is_dead_migrates_polls_listens_and_relays()
    {
        var live = new NpgsqlConnectionStringBuilder(Database);
        var multiHost = new NpgsqlConnectionStringBuilder(Database)
        {
            Host = $"127.0.0.1:{DeadPort()},{live.Host}:{live.Port}",
            TargetSessionAttributes = "read-write",
        };
        await using var app = StartApp(new Dictionary<string, string?>(FastRecovery) { ["ConnectionStrings:Postgres"] = multiHost.ConnectionString });
        using var client = app.CreateClient();
        await EventuallyAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the poller to be ready", TimeSpan.FromSeconds(60));

        var uid = NewUid();
        Vendor.Set(uid, 0);
        await TrackAsync(app, [uid]);
        await StepAsync(uid, 1);
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == "InspectionStarted"), TimeSpan.FromSeconds(30), "events through the second host");
        // The relay leads through the unpooled source (its lock) and wakes on NOTIFY through its own session.
        Assert.Equal(1L, await ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.query LIKE 'LISTEN%'"));
    }

    [Fact]
    public async Task A_write_whose_session_dies_before_its_commit_loses_no_observation()
    {
        await using var app = StartApp(FastRecovery);
        var uid = NewUid();
        Vendor.Set(uid, 0);
        await TrackAsync(app, [uid]);

        // The first write of this token's pictures sleeps inside its transaction (a trigger on its row, once:
        // a sequence is not rolled back with the transaction), so its session can be ended before the commit,
        // as a dying primary ends it. Other tokens' writes, and the claim loop, go on.
        await ExecuteAsync($"""
            CREATE SEQUENCE hold_once;
            CREATE FUNCTION hold_write() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.uid = '{uid}' AND NEW.status = 3 THEN
                    IF nextval('hold_once') = 1 THEN
                        PERFORM pg_sleep(60);
                    END IF;
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER hold_write BEFORE UPDATE ON tracked_tokens FOR EACH ROW EXECUTE FUNCTION hold_write();
            """);
        Vendor.Set(uid, 3);
        await EventuallyAsync(async () => await ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'") == 1, "the write to be held before its commit");
        Assert.Single(Sink.For(uid)); // TokenTracked only: nothing of the held write is committed

        Assert.Equal(1L, await ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep') AS ended"));

        // The token is polled again when its lease ends, and the observation lands once, as if nothing had happened.
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == "PicturesCompleted"), TimeSpan.FromSeconds(30), "the pictures after the lost write");
        await AssertDeliveredExactlyWhatWasCommittedAsync([uid]);
        Assert.Equal(
            ["TokenTracked", "TokenStatusChanged", "InspectionStarted", "FirstPictureTaken", "PicturesCompleted"],
            Sink.For(uid).DistinctBy(r => r.MessageId).Select(r => r.Type));
        Assert.Equal(3, await ScalarAsync<int>("SELECT status FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        await ExecuteAsync("DROP TRIGGER hold_write ON tracked_tokens; DROP FUNCTION hold_write(); DROP SEQUENCE hold_once");
    }

    // A port nothing listens on: taken, then given back.
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task TrackAsync(PollerApp app, IReadOnlyList<string> uids)
    {
        using var api = app.CreateApiClient();
        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = uids.Select(uid => new { uid }) })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => uids.All(uid => r.Any(e => e.Event.TokenUid == uid)), TimeSpan.FromSeconds(30), "TokenTracked for all");
    }

    /// <summary>Ends every session of this test's database but this one's (and <paramref name="except"/>), as a dying primary does.</summary>
    private async Task<int> EndSessionsAsync(int except = 0) => (int)await ScalarAsync<long>(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> @except) AS ended",
        ("except", except));

    /// <summary>
    /// Every event in the log reached the sink; every delivery is a logged event with the logged content; per token,
    /// one event id per sequence, and first deliveries in sequence order, 1..n without a gap.
    /// </summary>
    private async Task AssertDeliveredExactlyWhatWasCommittedAsync(IReadOnlyList<string> uids)
    {
        var logged = new Dictionary<Guid, (string Uid, long Sequence, string Type)>();
        await using (var connection = new NpgsqlConnection(Database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT event_id, uid, sequence, type FROM token_events", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                logged[reader.GetGuid(0)] = (reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
            }
        }

        Assert.Equal(logged.Count, logged.Values.Select(e => (e.Uid, e.Sequence)).Distinct().Count());
        var delivered = Sink.All.Where(r => uids.Contains(r.Event.TokenUid)).ToList();
        output.WriteLine($"{logged.Count} events committed, {delivered.Count} deliveries, {delivered.Count - delivered.DistinctBy(r => r.MessageId).Count()} again (same id)");
        Assert.All(delivered, r =>
        {
            Assert.True(logged.TryGetValue(r.MessageId!.Value, out var stored), $"{r.Event.TokenUid}/{r.Event.Sequence} was never committed");
            Assert.Equal((stored.Uid, stored.Sequence), (r.Event.TokenUid, r.Event.Sequence));
            Assert.EndsWith(r.Type, stored.Type, StringComparison.Ordinal);
        });
        Assert.Empty(logged.Keys.Except(delivered.Select(r => r.MessageId!.Value)));
        foreach (var uid in uids)
        {
            var first = delivered.Where(r => r.Event.TokenUid == uid).DistinctBy(r => r.MessageId).ToList();
            Assert.Equal(Enumerable.Range(1, first.Count).Select(i => (long)i), first.Select(r => r.Event.Sequence));
        }
    }
}
