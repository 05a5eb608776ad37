using System.Diagnostics;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// <c>GET /tokens</c> at a million rows: the statement <c>TrackedTokens</c> runs for each filter, first
/// page and later ones, is planned through an index, never a scan of the whole table.
/// </summary>
[Collection("services")]
public sealed class TokenListPlanTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    // (what, filter): the first page and one deep in the walk; each filter alone and two together.
    private static IEnumerable<(string What, TokenListFilter Filter)> Filters()
    {
        foreach (var after in new string?[] { null, "T500000" })
        {
            var page = after is null ? "first page" : "later page";
            yield return ($"no filter, {page}", new(AfterUid: after));
            yield return ($"tracking (5% of rows), {page}", new(State: TrackingPhase.Active, AfterUid: after));
            yield return ($"stopped (95%), {page}", new(State: TrackingPhase.Stopped, AfterUid: after));
            yield return ($"status 3, {page}", new(Status: 3, AfterUid: after));
            yield return ($"externalReference, {page}", new(ExternalReference: "lead-4242", AfterUid: after));
            yield return ($"updatedSince the last minute, {page}", new(UpdatedSince: Now.AddMinutes(-1), AfterUid: after));
            yield return ($"updatedSince a month ago (every row), {page}", new(UpdatedSince: Now.AddDays(-30), AfterUid: after, Limit: 1000));
            yield return ($"stopped with status 5, {page}", new(State: TrackingPhase.Stopped, Status: 5, AfterUid: after));
        }
    }

    [Fact]
    public async Task Every_filter_is_read_through_an_index_at_a_million_rows()
    {
        await using (StartApp(new Dictionary<string, string?> { ["Polling:IdleDelay"] = "00:01:00" }))
        {
            await EventuallyAsync(async () => await ScalarAsync<bool>("SELECT to_regclass('ix_tracked_tokens_updated') IS NOT NULL"), "the migration");
        }

        // One statement, one pass: a token in twenty still tracked, a third with a reference, a row a second back in time.
        var insert = Stopwatch.StartNew();
        await ExecuteAsync("""
            -- Test data, not the subject: unlogged keeps a million rows out of the WAL, and out of the
            -- checkpoint that the next test's DROP DATABASE forces.
            ALTER TABLE tracked_tokens SET UNLOGGED;
            INSERT INTO tracked_tokens (uid, external_reference, state, status, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT 'T' || i, CASE WHEN i % 3 = 0 THEN 'lead-' || (i / 3) END, CASE WHEN i % 20 = 0 THEN 0 ELSE 1 END,
                   CASE WHEN i % 10 = 0 THEN NULL ELSE i % 7 END, 0, 0, false,
                   CASE WHEN i % 20 = 0 THEN @now + interval '1 day' END, 0, 0, @now - i * interval '1 second', @now - i * interval '1 second'
            FROM generate_series(1, 1000000) AS i;
            ANALYZE tracked_tokens;
            """, ("now", Now));
        insert.Stop();

        var plans = new List<string>();
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        foreach (var (what, filter) in Filters())
        {
            await using var explain = TrackedTokens.ListCommand(filter);
            explain.CommandText = "EXPLAIN " + explain.CommandText;
            explain.Connection = connection;
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            var text = string.Join('\n', plan);
            plans.Add($"{what}:\n{text}");
            Assert.False(text.Contains("Seq Scan", StringComparison.Ordinal), $"{what} scans the table:\n{text}");
            Assert.True(text.Contains("Index", StringComparison.Ordinal), $"{what} uses no index:\n{text}");
        }

        // The plans, for whoever reads the test output (docs/benchmarks.md quotes them).
        Console.WriteLine($"1,000,000 rows inserted and analysed in {insert.Elapsed.TotalSeconds:F1} s\n" + string.Join("\n\n", plans));
    }
}
