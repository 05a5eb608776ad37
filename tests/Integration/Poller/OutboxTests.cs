using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>What other outboxes get wrong: backlogs that turn into table scans, several relays racing.</summary>
[Collection("services")]
public sealed class OutboxTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task The_relay_the_claims_and_housekeeping_never_scan_a_whole_table_at_a_million_rows()
    {
        await using (StartApp(new Dictionary<string, string?> { ["Polling:IdleDelay"] = "00:01:00" }))
        {
            await WaitForMigrationAsync();
        }

        await ExecuteAsync("""
            -- Test data, not the subject: unlogged keeps a million rows out of the WAL, and out of the
            -- checkpoint that the next test's DROP DATABASE forces.
            ALTER TABLE tracked_tokens SET UNLOGGED;
            ALTER TABLE token_events SET UNLOGGED;
            INSERT INTO token_events (event_id, uid, sequence, type, payload, occurred_at, created_at, published_at)
            SELECT gen_random_uuid(), 'T' || (i / 10), i % 10 + 1, 'TokenStatusChanged', '{}', now(), now(), now()
            FROM generate_series(1, 1000000) AS i;
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT 'T' || i, CASE WHEN i % 1000 = 0 THEN 0 ELSE 1 END, 0, 0, false,
                   CASE WHEN i % 1000 = 0 THEN now() ELSE NULL END, 0, 0, now(), now()
            FROM generate_series(1, 1000000) AS i;
            ANALYZE token_events;
            ANALYZE tracked_tokens;
            """);
        var before = await ScansAsync();

        // The real statements, whatever their text: the poller claims and writes the 1,000 due tokens,
        // the relay reads, publishes and marks new events, housekeeping counts and prunes.
        await using (var app = StartApp())
        {
            using var api = app.CreateApiClient();
            var uid = NewUid();
            Vendor.Set(uid, 2);
            (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
            await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(30), "the new token's events");
            await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE state = 0 AND last_polled_at IS NULL") == 0, "every due token polled");
            using var client = app.CreateClient();
            await EventuallyAsync(async () => (await client.GetStringAsync("/metrics")).Contains("tchek_tokens{", StringComparison.Ordinal), "housekeeping's token gauge");
        }

        // Stopping the poller closed its connections, which flushes their statistics.
        var after = await ScansAsync();
        foreach (var table in new[] { "token_events", "tracked_tokens" })
        {
            Assert.True(after[table].Seq == before[table].Seq, $"{table} was read whole {after[table].Seq - before[table].Seq} times");
            Assert.True(after[table].Index > before[table].Index, $"{table} was not read through an index");
        }
    }

    [Fact]
    public async Task Claims_never_scan_the_table_when_every_token_is_due_at_once()
    {
        await using (StartApp(new Dictionary<string, string?> { ["Polling:IdleDelay"] = "00:01:00" }))
        {
            await WaitForMigrationAsync();
        }

        // Every token due: a claim whose row estimate follows the due rows rather than its limit
        // hashes the whole table on every claim (the bench found one at 10k tokens): 25 claims here.
        await ExecuteAsync("""
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT 'D' || i, 0, 0, 0, false, now() - interval '1 minute', CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, 0, now(), now()
            FROM generate_series(1, 5000) AS i;
            ANALYZE tracked_tokens;
            """);
        var before = await ScansAsync();

        await using (StartApp(new Dictionary<string, string?>
        {
            ["Polling:NotFoundThreshold"] = "1",
            ["Polling:MaxConcurrency"] = "200",
            ["Tchek:MaxRequestsPerSecond"] = "20000",
        }))
        {
            // Waiting on the vendor, not the table: the test's own queries must not be what scans it.
            await EventuallyAsync(() => Vendor.TotalRequests >= 5000, "every token polled once", TimeSpan.FromSeconds(60));
            // A poll still answering when the app stops writes nothing, so wait for the writes too, through
            // the due index only (seq scans off for this query): the test's own queries must not scan the table.
            await EventuallyAsync(async () => await ScalarAsync<long>("SET enable_seqscan = off; SELECT count(*) FROM tracked_tokens WHERE state = 0") == 0, "every token's stop written", TimeSpan.FromSeconds(30));
        }

        // Housekeeping's pass at start counts the active tokens by status, and so does the console
        // overview's first sample (then once a minute): with every token active, reading them all is
        // the right plan, once each. Anything more is a claim or a write.
        var after = await ScansAsync();
        Assert.True(after["tracked_tokens"].Seq - before["tracked_tokens"].Seq <= 2, $"tracked_tokens was read whole {after["tracked_tokens"].Seq - before["tracked_tokens"].Seq} times");
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE state = 0"));
    }

    private async Task<Dictionary<string, (long Seq, long Index)>> ScansAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT relname, seq_scan, coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname IN ('token_events', 'tracked_tokens')", connection);
        var scans = new Dictionary<string, (long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            scans[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return scans;
    }

    [Fact]
    public async Task One_relay_is_active_across_instances_and_another_takes_over_when_it_goes()
    {
        var (firstLog, secondLog) = (new LogCapture(), new LogCapture());
        var first = StartLoggedApp(firstLog);
        var second = StartLoggedApp(secondLog);
        await EventuallyAsync(() => Leads(firstLog) || Leads(secondLog), "a relay to become active");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(Leads(firstLog) ^ Leads(secondLog), "exactly one relay is active");

        var (active, standby, standbyLog) = Leads(firstLog) ? (first, second, secondLog) : (second, first, firstLog);
        await active.DisposeAsync();
        await EventuallyAsync(() => Leads(standbyLog), "the standby relay to take over");

        using var api = standby.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(30), "events through the new relay");
    }

    [Fact]
    public async Task Bus_commands_track_and_untrack_like_the_api_and_an_invalid_one_changes_nothing()
    {
        var app = StartApp();
        using var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await client.GetAsync("/health/ready")).IsSuccessStatusCode)
        {
            Assert.True(DateTime.UtcNow < deadline, "the poller never became ready");
            await Task.Delay(200);
        }

        var uid = NewUid();
        Vendor.Set(uid, 2);
        await using var bus = await TestBus.StartAsync(RabbitMqUri, _ => { });
        await bus.Bus.Publish(new TrackToken { TokenUid = "bad uid!", ExternalReference = "x" });
        await bus.Bus.Publish(new TrackToken { TokenUid = uid, ExternalReference = "lead-7" });
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 3, TimeSpan.FromSeconds(30), "T 1* 2 after TrackToken");

        await bus.Bus.Publish(new UntrackToken { TokenUid = uid });
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == nameof(TokenTrackingStopped)), TimeSpan.FromSeconds(30), "the stop after UntrackToken");

        Assert.Equal("lead-7", await ScalarAsync<string>("SELECT external_reference FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens"));
    }

    private PollerApp StartLoggedApp(LogCapture log) =>
        Own(new PollerApp(
            Settings(new Dictionary<string, string?> { ["Logging:LogLevel:Tchek.Events.StatusPoller.Relay"] = "Information" }),
            web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(log)))).Started());

    // What an operator sees: the instance that takes the relay says so in its log.
    private static bool Leads(LogCapture log) =>
        log.Lines.Any(line => line.Contains("outbox relay is now the active one", StringComparison.Ordinal));

    private Task WaitForMigrationAsync() =>
        EventuallyAsync(async () => await ScalarAsync<bool>("SELECT to_regclass('token_events') IS NOT NULL"), "the migration");
}
