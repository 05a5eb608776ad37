using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Claim.Rules;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The claim by priority, against PostgreSQL without a poller running: its SQL ranks as
/// <see cref="ClaimPriority"/> does, it claims the best of the due tokens (failing ones keep their
/// share), and over a backlog of 100,000 due tokens it reads a few hundred rows, not the table.
/// </summary>
[Collection("services")]
public sealed class ClaimPriorityPlanTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        await using (StartApp(new Dictionary<string, string?> { ["Polling:IdleDelay"] = "00:01:00" }))
        {
            await EventuallyAsync(async () => await ScalarAsync<bool>("SELECT to_regclass('ix_tracked_tokens_due_by_interval') IS NOT NULL"), "the migration");
        }
    }

    // Intervals as the policies plan them (seconds; null: none yet, 0 and 0.5 below the least).
    private static readonly double?[] Intervals = [null, 0, 0.5, 5, 30, 120, 600, 7_200];

    private static readonly double?[] Planned = [null, 5, 30, 120, 600, 7_200];

    [Fact]
    public async Task The_statement_ranks_tokens_as_ClaimPriority_does()
    {
        await ExecuteAsync("TRUNCATE tracked_tokens");
        var random = new Random(15);
        var rows = Enumerable.Range(0, 400).Select(i => (
            Uid: $"P{i:D4}",
            LastPolledAt: random.Next(5) == 0 ? (DateTimeOffset?)null : Now.AddSeconds(-random.Next(0, 20_000) - random.NextDouble()),
            CreatedAt: Now.AddSeconds(-random.Next(0, 90_000) - random.NextDouble()),
            Interval: Intervals[random.Next(Intervals.Length)] is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null)).ToList();
        foreach (var row in rows)
        {
            await InsertAsync(row.Uid, row.LastPolledAt, row.CreatedAt, row.Interval, nextPollAt: Now);
        }

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand($"SELECT uid, {TrackedTokens.PrioritySql} FROM tracked_tokens ORDER BY 2 DESC, uid", connection);
        select.Parameters.AddWithValue("now", Now);
        var ranked = new List<(string Uid, double Priority)>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ranked.Add((reader.GetString(0), reader.GetDouble(1)));
            }
        }

        // PostgreSQL keeps microseconds; .NET ticks: the values agree to far below any real difference.
        var expected = rows.ToDictionary(r => r.Uid, r => ClaimPriority.Of(Now, r.LastPolledAt, r.CreatedAt, r.Interval));
        Assert.Equal(rows.Count, ranked.Count);
        Assert.All(ranked, r => Assert.Equal(expected[r.Uid], r.Priority, 1e-4));
        Assert.Equal(
            expected.OrderByDescending(kv => Math.Round(kv.Value, 4)).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key),
            ranked.OrderByDescending(r => Math.Round(r.Priority, 4)).ThenBy(r => r.Uid, StringComparer.Ordinal).Select(r => r.Uid));
    }

    [Fact]
    public async Task The_claim_takes_the_best_due_tokens_not_the_first_due_and_failing_ones_keep_their_share()
    {
        await ExecuteAsync("TRUNCATE tracked_tokens");
        var random = new Random(7);
        var healthy = new List<(string Uid, DateTimeOffset LastPolledAt, TimeSpan? Interval)>();
        for (var i = 0; i < 600; i++)
        {
            // Due as planned: next poll = last poll + interval (no jitter), so the first due are the
            // long intervals polled long ago, and the most overdue per interval are the short ones.
            var interval = Planned[random.Next(Planned.Length)] is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
            var last = Now.AddSeconds(-random.Next(1, 9_000) - random.NextDouble());
            var next = last + (interval ?? ClaimPriority.DefaultInterval);
            healthy.Add(($"H{i:D4}", last, interval));
            await InsertAsync($"H{i:D4}", last, Now.AddDays(-1), interval, next);
        }

        for (var i = 0; i < 10; i++)
        {
            await InsertAsync($"F{i:D4}", Now.AddSeconds(-100), Now.AddDays(-1), TimeSpan.FromHours(2), Now.AddSeconds(-i), failures: 2);
        }

        await using var dataSource = NpgsqlDataSource.Create(Database);
        var tokens = new TrackedTokens(dataSource, new EventLog(dataSource, new OutboxSignal()), new Tchek.Events.StatusPoller.Audit.AuditLog(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<Tchek.Events.StatusPoller.Audit.AuditLog>.Instance));
        var claimed = await tokens.ClaimByPriorityAsync(new ClaimBudget(40, 4), Now, TimeSpan.FromMinutes(1), "test", CancellationToken.None);

        var due = healthy.Where(h => h.LastPolledAt + (h.Interval ?? ClaimPriority.DefaultInterval) <= Now).ToList();
        var best = due.OrderByDescending(h => ClaimPriority.Of(Now, h.LastPolledAt, Now.AddDays(-1), h.Interval)).Take(36).Select(h => h.Uid).ToHashSet();
        var firstDue = due.OrderBy(h => h.LastPolledAt + (h.Interval ?? ClaimPriority.DefaultInterval)).Take(36).Select(h => h.Uid).ToHashSet();
        Assert.Equal(40, claimed.Count);
        Assert.Equal(4, claimed.Count(c => c.Uid.StartsWith('F')));
        Assert.Equal(best, claimed.Where(c => c.Uid.StartsWith('H')).Select(c => c.Uid).ToHashSet());
        // The test means something: first-due-first would have claimed others.
        Assert.NotEqual(best, firstDue);
    }

    [Fact]
    public async Task Over_100000_due_tokens_the_claim_reads_a_few_hundred_rows_through_its_index()
    {
        await ExecuteAsync("TRUNCATE tracked_tokens");
        var insert = Stopwatch.StartNew();
        // 100,000 due tokens over the intervals (one in ten has none yet), a few failing, and
        // 100,000 more not due: the claim should touch each interval's first few only.
        await ExecuteAsync("""
            ALTER TABLE tracked_tokens SET UNLOGGED;
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, last_polled_at, poll_interval,
                                        failure_count, lease_version, created_at, updated_at)
            SELECT 'B' || i, 0, 0, 0, false,
                   CASE WHEN i <= 100000 THEN @now - (i % 5000) * interval '1 second' ELSE @now + interval '1 hour' END,
                   @now - (i % 9000) * interval '1 second',
                   CASE WHEN i % 10 = 0 THEN NULL ELSE (ARRAY[5, 30, 120, 600, 7200])[1 + i % 5] * interval '1 second' END,
                   CASE WHEN i % 1000 = 0 THEN 1 ELSE 0 END, 0, @now - interval '1 day', @now
            FROM generate_series(1, 200000) AS i;
            ANALYZE tracked_tokens;
            """, ("now", Now));
        insert.Stop();

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + TrackedTokens.ClaimByPrioritySql, connection, transaction);
        explain.Parameters.AddWithValue("now", Now);
        explain.Parameters.AddWithValue("max", 64L);
        explain.Parameters.AddWithValue("failing", 32L);
        explain.Parameters.AddWithValue("window", 128L);
        explain.Parameters.AddWithValue("owner", "plan");
        explain.Parameters.AddWithValue("lease", TimeSpan.FromMinutes(1));
        var json = (string)(await explain.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();

        var root = JsonDocument.Parse(json).RootElement[0];
        var nodes = Nodes(root.GetProperty("Plan")).ToList();
        var scans = nodes.Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "tracked_tokens").ToList();
        var read = scans.Sum(n => Rows(n, "Actual Rows") + Rows(n, "Rows Removed by Filter"));
        var plan = string.Join('\n', nodes.Select(n => $"{n.GetProperty("Node Type").GetString()} {(n.TryGetProperty("Index Name", out var i) ? i.GetString() : "")} rows={Rows(n, "Actual Rows")}"));
        Console.WriteLine($"200,000 rows (100,000 due) inserted and analysed in {insert.Elapsed.TotalSeconds:F1} s; claim of 64 by priority: {root.GetProperty("Execution Time").GetDouble():F1} ms, {read} rows of tracked_tokens read\n{plan}");

        Assert.DoesNotContain(scans, n => n.GetProperty("Node Type").GetString() == "Seq Scan");
        // Six interval classes of a window of 128, the failing share, the probes, the 64 claimed: far below the backlog.
        Assert.InRange(read, 64, 3_000);
        Assert.Equal(64, Rows(nodes.First(n => n.GetProperty("Node Type").GetString() == "ModifyTable"), "Actual Rows"));
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var plans))
        {
            foreach (var child in plans.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }

    // Per loop in the plan: times the loops, for what the node did in all.
    private static long Rows(JsonElement node, string what) =>
        node.TryGetProperty(what, out var rows) ? (long)(rows.GetDouble() * (node.TryGetProperty("Actual Loops", out var loops) ? loops.GetDouble() : 1)) : 0;

    private Task<int> InsertAsync(string uid, DateTimeOffset? lastPolledAt, DateTimeOffset createdAt, TimeSpan? interval, DateTimeOffset nextPollAt, int failures = 0) =>
        ExecuteAsync("""
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, last_polled_at, poll_interval,
                                        failure_count, lease_version, created_at, updated_at)
            VALUES (@uid, 0, 0, 0, false, @next, @last, @interval, @failures, 0, @created, @created)
            """,
            ("uid", uid), ("next", nextPollAt), ("last", (object?)lastPolledAt ?? DBNull.Value), ("interval", (object?)interval ?? DBNull.Value),
            ("failures", failures), ("created", createdAt));
}
