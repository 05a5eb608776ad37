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
    double TransactionsPerPoll,
    double ConsumedPerSecond,
    double PollToConsumerP50,
    double PollToConsumerP99,
    double PollToConsumerMax,
    double CommitToPublishP50,
    double CommitToPublishP99,
    string CpuShares);

/// <summary>Runs the real poller process over N tokens against the simulator and reads what it cost.</summary>
internal static class PollerRun
{
    // interval: each token's poll interval; by default 1 ms, i.e. as fast as the poller goes.
    public static async Task<PollerFigures> RunAsync(Bench bench, App simulator, int tokens, bool changing, TimeSpan? interval = null)
    {
        var database = await bench.CreateDatabaseAsync($"bench_{(changing ? "changed" : "unchanged")}_{tokens}_{(interval is { } i ? $"every{i.TotalMilliseconds}ms" : "max")}");
        await Bench.LoadTokensAsync(simulator, database, tokens, flapping: changing, spread: interval ?? TimeSpan.Zero);
        var (sinkBus, latencies, consumed) = await Bench.StartSinkAsync(bench.RabbitMq);
        try
        {
            await using var poller = await App.StartAsync("StatusPoller", Bench.PollerSettings(database, bench.RabbitMq, simulator.Url, interval), "health/ready");
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
            var gcPause = Measure.Sum(await http.GetStringAsync("metrics"), "dotnet_gc_pause_time") - Measure.Sum(before, "dotnet_gc_pause_time");
            var gcCount = Measure.Sum(await http.GetStringAsync("metrics"), "dotnet_gc_collections") - Measure.Sum(before, "dotnet_gc_collections");
            shares += $"; poller GC: {Bench.F(gcCount)} collections, {Bench.F(gcPause * 1000)} ms paused in {Bench.F(seconds)} s";
            var after = await http.GetStringAsync("metrics");
            var (cpu1, tx1, consumed1, to) = (Measure.CpuTime(poller.Pid), await Bench.TransactionsAsync(database), Interlocked.Read(ref consumed.Value), DateTimeOffset.UtcNow);
            var rss = Measure.ResidentMiB(poller.Pid);

            var polls = Measure.Sum(after, "tchek_polls_total") - Measure.Sum(before, "tchek_polls_total");
            var events = Measure.Sum(after, "tchek_events_written_total") - Measure.Sum(before, "tchek_events_written_total");
            var allocated = Measure.Sum(after, "tchek_process_allocated") - Measure.Sum(before, "tchek_process_allocated");
            var sorted = latencies.Order().ToList();
            var (commitP50, commitP99) = await CommitToPublishAsync(database, from, to);
            return new PollerFigures(
                tokens,
                interval,
                polls / seconds,
                events / seconds,
                (cpu1 - cpu0).TotalMicroseconds / Math.Max(polls, 1),
                allocated / Math.Max(polls, 1),
                rss,
                (tx1 - tx0) / Math.Max(polls, 1),
                (consumed1 - consumed0) / seconds,
                Measure.Percentile(sorted, 0.50),
                Measure.Percentile(sorted, 0.99),
                sorted.Count == 0 ? double.NaN : sorted[^1],
                commitP50,
                commitP99,
                shares);
        }
        finally
        {
            await sinkBus.StopAsync();
        }
    }

    private static async Task<(double P50, double P99)> CommitToPublishAsync(string database, DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at)) * 1000,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at)) * 1000
            FROM token_events WHERE created_at BETWEEN @from AND @to AND published_at IS NOT NULL
            """, connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0), reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1));
    }
}
