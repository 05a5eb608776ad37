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
    string CpuShares);

/// <summary>Runs the real poller process over N tokens against the simulator and reads what it cost.</summary>
internal static class PollerRun
{
    // interval: each token's poll interval; by default 1 ms, i.e. as fast as the poller goes.
    public static async Task<PollerFigures> RunAsync(Bench bench, AppProcess simulator, int tokens, bool changing, TimeSpan? interval = null)
    {
        var database = await bench.CreateDatabaseAsync($"{(changing ? "changed" : "unchanged")}_{tokens}_{(interval is { } i ? $"every{i.TotalMilliseconds}ms" : "max")}");
        await Bench.LoadTokensAsync(simulator, database, tokens, flapping: changing, spread: interval ?? TimeSpan.Zero);
        var (sinkBus, latencies, consumed) = await Bench.StartSinkAsync(bench.RabbitMq);
        try
        {
            await using var poller = await AppProcess.StartAsync("StatusPoller", "bench-poller.log", Bench.PollerSettings(database, bench.RabbitMq, simulator.Url, interval), "health/ready");
            using var http = new HttpClient { BaseAddress = poller.Url };
            await Task.Delay(TimeSpan.FromSeconds(3)); // warm-up: JIT, pools, caches

            var before = await http.GetStringAsync("metrics");
            var (cpu0, tx0, consumed0, from) = (Measure.CpuTime(poller.Pid), await Bench.TransactionsAsync(database), Interlocked.Read(ref consumed.Value), DateTimeOffset.UtcNow);
            latencies.Clear();
            var cpuBefore = Measure.CpuByRole(poller.Pid, simulator.Pid);
            var clock = Measure.Start();
            await Task.Delay(bench.Window);
            var seconds = clock.Elapsed.TotalSeconds;
            var shares = Measure.CpuShares(cpuBefore, Measure.CpuByRole(poller.Pid, simulator.Pid), clock.Elapsed);
            var after = await http.GetStringAsync("metrics");
            var gcPause = Measure.Sum(after, "dotnet_gc_pause_time") - Measure.Sum(before, "dotnet_gc_pause_time");
            var gcCount = Measure.Sum(after, "dotnet_gc_collections") - Measure.Sum(before, "dotnet_gc_collections");
            shares += $"; poller GC: {Bench.F(gcCount)} collections, {Bench.F(gcPause * 1000)} ms paused in {Bench.F(seconds)} s";
            var (cpu1, tx1, consumed1, to) = (Measure.CpuTime(poller.Pid), await Bench.TransactionsAsync(database), Interlocked.Read(ref consumed.Value), DateTimeOffset.UtcNow);
            var rss = Measure.ResidentMiB(poller.Pid);

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
                shares);
        }
        finally
        {
            await sinkBus.StopAsync();
        }
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
