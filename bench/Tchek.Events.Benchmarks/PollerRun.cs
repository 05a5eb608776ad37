using Npgsql;

namespace Tchek.Events.Benchmarks;

/// <summary>What one poller run measured over its window.</summary>
internal sealed record PollerFigures(
    int Tokens,
    TimeSpan? Interval,
    double PollsPerSecond,
    double EventsPerSecond,
    double CpuMicrosPerPoll,
    double BytesPerPoll,
    double ResidentMiB,
    double HeapMiB,
    double CommittedMiB,
    double TransactionsPerPoll,
    double ConsumedPerSecond,
    double PollToConsumerP50,
    double PollToConsumerP99,
    double PollToConsumerMax,
    double CommitToPublishP50,
    double CommitToPublishP99,
    double PollToCommitP50,
    double PollToCommitP99,
    string CpuShares)
{
    /// <summary>Share of the window's updates of <c>tracked_tokens</c> that were HOT (no index insertions); NaN when none was counted.</summary>
    public double HotUpdateShare { get; init; } = double.NaN;

    /// <summary>CPU of every PostgreSQL process per poll in the window (µs): other databases' work on a shared machine included.</summary>
    public double PostgresMicrosPerPoll { get; init; } = double.NaN;

    /// <summary>Updates of <c>tracked_tokens</c> per poll in the window (claim and write).</summary>
    public double UpdatesPerPoll { get; init; } = double.NaN;
}

/// <summary>
/// How one run differs from the default poller (<c>./bench.sh --parts</c>): its settings, SQL run on its database once
/// the tokens are loaded (an index dropped, say), and how long it warms up.
/// </summary>
internal sealed record PollerVariant(IReadOnlyDictionary<string, string> Settings, string? Sql, TimeSpan WarmUp);

/// <summary>Runs the real poller process over N tokens against the simulator and reads what it cost.</summary>
internal static class PollerRun
{
    // interval: each token's poll interval; by default 1 ms, i.e. as fast as the poller goes.
    public static async Task<PollerFigures> RunAsync(Bench bench, AppProcess simulator, int tokens, bool changing, TimeSpan? interval = null, PollerVariant? variant = null)
    {
        var database = await bench.CreateDatabaseAsync($"{(changing ? "changed" : "unchanged")}_{tokens}_{(interval is { } i ? $"every{i.TotalMilliseconds}ms" : "max")}");
        await Bench.LoadTokensAsync(simulator, database, tokens, flapping: changing, spread: interval ?? TimeSpan.Zero);
        if (variant?.Sql is { } sql)
        {
            await ExecuteAsync(database, sql);
        }

        var settings = Bench.PollerSettings(database, bench.RabbitMq, simulator.Url, interval);
        foreach (var (key, value) in variant?.Settings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var (sinkBus, latencies, consumed) = await Bench.StartSinkAsync(bench.RabbitMq);
        try
        {
            await using var poller = await AppProcess.StartAsync("StatusPoller", "bench-poller.log", settings, "health/ready");
            using var http = new HttpClient { BaseAddress = poller.Url };
            await Task.Delay(variant?.WarmUp ?? TimeSpan.FromSeconds(3)); // warm-up: JIT, pools, caches

            var before = await http.GetStringAsync("metrics");
            var (updated0, hot0) = await UpdatesAsync(database);
            var (cpu0, tx0, consumed0, from) = (Measure.CpuTime(poller.Pid), await Bench.TransactionsAsync(database), Interlocked.Read(ref consumed.Value), DateTimeOffset.UtcNow);
            latencies.Clear();
            var cpuBefore = Measure.CpuByRole(poller.Pid, simulator.Pid);
            var clock = Measure.Start();
            await Task.Delay(bench.Window);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuAfter = Measure.CpuByRole(poller.Pid, simulator.Pid);
            var shares = Measure.CpuShares(cpuBefore, cpuAfter, clock.Elapsed);
            var after = await http.GetStringAsync("metrics");
            var gcPause = Measure.Sum(after, "dotnet_gc_pause_time") - Measure.Sum(before, "dotnet_gc_pause_time");
            var gcCount = Measure.Sum(after, "dotnet_gc_collections") - Measure.Sum(before, "dotnet_gc_collections");
            shares += $"; poller GC: {Bench.F(gcCount)} collections, {Bench.F(gcPause * 1000)} ms paused in {Bench.F(seconds)} s";
            var (cpu1, tx1, consumed1, to) = (Measure.CpuTime(poller.Pid), await Bench.TransactionsAsync(database), Interlocked.Read(ref consumed.Value), DateTimeOffset.UtcNow);
            var rss = Measure.ResidentMiB(poller.Pid);
            var (updated1, hot1) = await UpdatesAsync(database);

            var polls = Measure.Sum(after, "tchek_polls_total") - Measure.Sum(before, "tchek_polls_total");
            var events = Measure.Sum(after, "tchek_events_written_total") - Measure.Sum(before, "tchek_events_written_total");
            var allocated = Measure.Sum(after, "tchek_process_allocated") - Measure.Sum(before, "tchek_process_allocated");
            var sorted = latencies.Order().ToList();
            var stages = await StagesAsync(database, from, to);
            return new PollerFigures(
                tokens,
                interval,
                polls / seconds,
                events / seconds,
                (cpu1 - cpu0).TotalMicroseconds / Math.Max(polls, 1),
                allocated / Math.Max(polls, 1),
                rss,
                // The managed heap after the last GC, and what the GC keeps committed: RSS beyond that is native (runtime, sockets, Npgsql buffers, thread stacks).
                Measure.Sum(after, "dotnet_gc_last_collection_heap_size_bytes") / (1024 * 1024),
                Measure.Sum(after, "dotnet_gc_last_collection_memory_committed_size_bytes") / (1024 * 1024),
                (tx1 - tx0) / Math.Max(polls, 1),
                (consumed1 - consumed0) / seconds,
                Measure.Percentile(sorted, 0.50),
                Measure.Percentile(sorted, 0.99),
                sorted.Count == 0 ? double.NaN : sorted[^1],
                stages.CommitToPublishP50,
                stages.CommitToPublishP99,
                stages.PollToCommitP50,
                stages.PollToCommitP99,
                shares)
            {
                HotUpdateShare = updated1 > updated0 ? (double)(hot1 - hot0) / (updated1 - updated0) : double.NaN,
                UpdatesPerPoll = (updated1 - updated0) / Math.Max(polls, 1),
                PostgresMicrosPerPoll = (cpuAfter["postgres"] - cpuBefore["postgres"]) * 1e6 / Math.Max(polls, 1),
            };
        }
        finally
        {
            await sinkBus.StopAsync();
        }
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // One statement at a time: VACUUM may not run inside the implicit transaction of a multi-statement command.
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
    }

    // Updates of tracked_tokens so far, and how many of them were HOT (the statistics lag by up to a second).
    private static async Task<(long Updated, long Hot)> UpdatesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'tracked_tokens'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    // Where an event's time goes, per event: from the poll that saw it (its observedAt) to the commit (created_at), and from the commit to its own publish confirm (published_at).
    private static async Task<(double CommitToPublishP50, double CommitToPublishP99, double PollToCommitP50, double PollToCommitP99)> StagesAsync(string database, DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            WITH e AS (
                SELECT extract(epoch FROM published_at - created_at) * 1000 AS confirm,
                       extract(epoch FROM created_at - (payload->>'observedAt')::timestamptz) * 1000 AS commit
                FROM token_events WHERE created_at BETWEEN @from AND @to AND published_at IS NOT NULL)
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY confirm), percentile_cont(0.99) WITHIN GROUP (ORDER BY confirm),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY commit), percentile_cont(0.99) WITHIN GROUP (ORDER BY commit)
            FROM e
            """, connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        double At(int i) => reader.IsDBNull(i) ? double.NaN : reader.GetDouble(i);
        return (At(0), At(1), At(2), At(3));
    }
}
