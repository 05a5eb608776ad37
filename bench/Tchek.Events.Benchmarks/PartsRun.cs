using System.Globalization;
using System.Text;

namespace Tchek.Events.Benchmarks;

/// <summary>
/// <c>./bench.sh --parts</c>: what each optional part of the poller costs an unchanged poll, each switched on and off in
/// the same run. Runs alternate (on, off, off, on, ...) so a machine that speeds up or slows down during the run
/// weighs on both sides alike; each figure is the mean of its runs.
/// </summary>
internal static class PartsRun
{
    // Paced, not as fast as it goes: at a fixed rate a part's cost per poll does not move with what else the machine
    // runs (as-fast-as-possible rates moved 3x between runs on the shared machine).
    private static readonly TimeSpan Pace = TimeSpan.FromSeconds(2);

    // Longer than the poller bench's 3 s: the runtime still compiles hot methods at tier 1 for ~15 s after the start,
    // which is CPU a part's run would be charged with.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(15);

    /// <summary>One optional part: the settings (and SQL) with it on, and with it off; either may be the default.</summary>
    private sealed record Part(string Name, Dictionary<string, string> On, Dictionary<string, string> Off, string? OnSql = null, string? OffSql = null);

    private static readonly Dictionary<string, string> Default = [];

    private static IEnumerable<Part> Parts() =>
    [
        new("MassTransit meter", Default, new() { ["Telemetry:MassTransitMeter"] = "false" }),
        new("ASP.NET Core meters", Default, new() { ["Telemetry:AspNetCoreMeters"] = "false" }),
        new("HttpClient meters", Default, new() { ["Telemetry:HttpClientMeters"] = "false" }),
        new("Npgsql meter", Default, new() { ["Telemetry:NpgsqlMeter"] = "false" }),
        // Traces exported over OTLP to a port nobody listens on: the spans are made, sampled and batched, the export fails.
        new("tracing (every poll sampled)", new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" }, Default),
        new("request budget (never binding)", new() { ["Tchek:RequestBudgetPerDay"] = "2000000000" }, Default),
        new("gathering unchanged writes (10 ms)", Default, new() { ["Polling:WriteDelay"] = "00:00:00" }),
        new("thread pool spin-wait", Default, new() { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }),
        new("index (updated_at)", Default, Default, OffSql: "DROP INDEX ix_tracked_tokens_updated"),
        new("index (status, uid)", Default, Default, OffSql: "DROP INDEX ix_tracked_tokens_status"),
        new("index (poll_interval, next_poll_at)", Default, Default, OffSql: "DROP INDEX ix_tracked_tokens_due_by_interval"),
        new("fillfactor 100 → 70", Default, Default, OnSql: "ALTER TABLE tracked_tokens SET (fillfactor = 70); VACUUM FULL tracked_tokens"),
    ];

    public static async Task<string> RunAsync(Bench bench, AppProcess simulator, int tokens, int rounds, string? only)
    {
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"Unchanged polls, {tokens} tokens each polled every {Pace.TotalSeconds} s, {rounds} run(s) each side, {bench.Window.TotalSeconds} s windows after a {WarmUp.TotalSeconds} s warm-up; on → off.\n\n");
        table.Append("| part | CPU µs/poll on → off | KB/poll on → off | polls/s on → off | PostgreSQL µs/poll on → off | HOT updates on → off | Δ CPU µs/poll | Δ KB/poll | Δ polls/s |\n");
        table.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var part in Parts().Where(p => only is null || p.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            var on = new List<PollerFigures>();
            var off = new List<PollerFigures>();
            for (var round = 0; round < rounds; round++)
            {
                // on, off, off, on: neither side always runs first.
                var order = round % 2 == 0 ? new[] { true, false } : [false, true];
                foreach (var side in order)
                {
                    Console.Error.WriteLine($"bench: parts: {part.Name} {(side ? "on" : "off")}, round {round + 1}");
                    var variant = new PollerVariant(side ? part.On : part.Off, side ? part.OnSql : part.OffSql, WarmUp);
                    (side ? on : off).Add(await PollerRun.RunAsync(bench, simulator, tokens, changing: false, Pace, variant));
                }
            }

            double Mean(List<PollerFigures> runs, Func<PollerFigures, double> figure) => runs.Average(figure);
            string Pair(Func<PollerFigures, double> figure, string format = "0") =>
                $"{Bench.F(Mean(on, figure), format)} → {Bench.F(Mean(off, figure), format)}";
            string Delta(Func<PollerFigures, double> figure, string format = "0") => Bench.F(Mean(on, figure) - Mean(off, figure), "+" + format + ";-" + format + ";0");
            table.Append(CultureInfo.InvariantCulture, $"| {part.Name} | {Pair(f => f.CpuMicrosPerPoll)} | {Pair(f => f.BytesPerPoll / 1024, "0.0")} | {Pair(f => f.PollsPerSecond)} | {Pair(f => f.PostgresMicrosPerPoll)} | {Pair(f => f.HotUpdateShare * 100)} % | {Delta(f => f.CpuMicrosPerPoll)} | {Delta(f => f.BytesPerPoll / 1024, "0.0")} | {Delta(f => f.PollsPerSecond)} |\n");
            Console.Error.WriteLine(table.ToString().Split('\n')[^2]);
        }

        return table.ToString();
    }
}
