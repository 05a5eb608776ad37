using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>How finely the bench can see, per policy, in simulated seconds (real seconds × speed).</summary>
internal sealed record Resolution(string Policy, double IdleDelaySeconds, double LatenessP95Seconds, double LatenessMaxSeconds, double RequestMeanSeconds);

/// <summary>
/// <c>./bench.sh --efficiency</c>: the same lives through a Fixed and an Adaptive poller at once
/// (each its own database, one simulator, one RabbitMQ), until every life has ended; then requests
/// and detection delays per policy and family, as a table, a JSON file and a plot.
/// </summary>
internal static class EfficiencyRun
{
    private static readonly string[] Policies = [PolicyTable.Fixed, PolicyTable.Adaptive];

    public static async Task<int> RunAsync(EfficiencyOptions options, Bench bench)
    {
        var clock = Stopwatch.StartNew();
        var simulatorSettings = new Dictionary<string, string> { ["Simulator:Speed"] = F(options.Speed), ["Simulator:Seed"] = F(options.Seed) };
        await using var simulator = await AppProcess.StartAsync("Simulator", "bench-efficiency-simulator.log", simulatorSettings, "health");
        using var http = new HttpClient { BaseAddress = simulator.Url, Timeout = TimeSpan.FromMinutes(2) };
        var lives = await Population.PlanAsync(http, options.Lives, options.Seed);

        var databases = new Dictionary<string, string>();
        var pollers = new Dictionary<string, AppProcess>();
        try
        {
            foreach (var policy in Policies)
            {
                databases[policy] = await bench.CreateDatabaseAsync($"efficiency_{policy.ToLowerInvariant()}");
                var settings = new Dictionary<string, string>(PolicyTable.Settings(policy, options.Speed))
                {
                    ["ConnectionStrings:Postgres"] = databases[policy],
                    ["ConnectionStrings:RabbitMq"] = bench.RabbitMq.ToString(),
                    ["Tchek:BaseUrl"] = new Uri(simulator.Url, "apiV1/").ToString(),
                    ["Api:Keys:0"] = Population.ApiKey,
                };
                pollers[policy] = await AppProcess.StartAsync("StatusPoller", $"bench-efficiency-{policy.ToLowerInvariant()}.log", settings, "health/ready");
            }

            var readers = Policies.ToDictionary(p => p, p => new PollerDatabaseReader(databases[p]));
            var population = new Population(http, pollers, options.Speed);
            await population.WarmUpAsync(policy => readers[policy].AnyEventAsync(), CancellationToken.None);
            var startedAt = DateTimeOffset.UtcNow;
            var cap = Cap(lives, options.Speed);
            Log($"{lives.Count} lives ({options.Lives} per family), each through both policies; speed {F(options.Speed)} (a simulated day takes {TimeSpan.FromDays(1) / options.Speed:m\\:ss} min); every life should end within {cap.TotalMinutes:0.0} min", clock);

            using var sampling = new CancellationTokenSource();
            var lateness = Policies.ToDictionary(p => p, _ => new ConcurrentBag<double>());
            var sampler = Task.WhenAll(Policies.Select(p => SampleAsync(readers[p], lateness[p], sampling.Token)));
            await population.StartAllAsync(lives, startedAt, CancellationToken.None);
            var ended = await WaitForEndAsync(readers, startedAt + cap, clock);
            await sampling.CancelAsync();
            await sampler;

            var twins = new List<Twin>();
            var events = new Dictionary<string, IReadOnlyList<SeenEvent>>(StringComparer.Ordinal);
            var resolutions = new List<Resolution>();
            foreach (var policy in Policies)
            {
                var stillTracked = await readers[policy].StillTrackedAsync();
                twins.AddRange(await TruthAsync(http, lives, policy, stillTracked));
                foreach (var (uid, seen) in await readers[policy].MilestonesAsync())
                {
                    events[uid] = seen;
                }

                resolutions.Add(await ResolutionAsync(policy, pollers[policy], lateness[policy], options.Speed));
            }

            var figures = EfficiencyFigures.Compute(twins, events, options.Speed);
            var replay = PolicyReplay.Curves(lives, options.Seed);
            var report = new EfficiencyReport(options, figures, replay, resolutions, ended, clock.Elapsed);
            Console.WriteLine(report.Markdown());
            var results = Path.Combine(AppProcess.RepoRoot, "TestResults");
            Directory.CreateDirectory(results);
            var name = options.Short ? "efficiency-short" : "efficiency";
            await File.WriteAllTextAsync(Path.Combine(results, $"{name}.json"), report.Json());
            var png = options.Docs ? Path.Combine(AppProcess.RepoRoot, "docs", "efficiency.png") : Path.Combine(results, $"{name}.png");
            EfficiencyPlot.Write(figures, replay, png, report.Subtitle);
            Log($"wrote TestResults/{name}.json and {Path.GetRelativePath(AppProcess.RepoRoot, png)}", clock);

            // The tool works when both policies saw milestones: figures without events are no figures.
            var blind = Policies.Where(p => !figures.Any(f => f.Policy == p && f.Milestones.Values.Any(m => m.Detected > 0))).ToList();
            if (blind.Count > 0)
            {
                Console.Error.WriteLine($"bench: efficiency: no milestone event at all from {string.Join(" and ", blind)}: see logs/bench-efficiency-*.log");
                return 1;
            }

            return 0;
        }
        finally
        {
            foreach (var poller in pollers.Values)
            {
                await poller.DisposeAsync();
            }
        }
    }

    // The longest life's end by the stop rules, in real time, with a margin for the poller's own pace.
    private static TimeSpan Cap(IReadOnlyList<PlannedLife> lives, double speed)
    {
        var longest = lives.Max(l => l.Start + Ends(l));
        return (longest * 1.1 / speed) + TimeSpan.FromSeconds(30);

        static TimeSpan Ends(PlannedLife life)
        {
            var steps = life.Steps.EnumerateArray().Select(s => new TrueStep(
                DateTimeOffset.UnixEpoch + TimeSpan.Parse(s.GetProperty("at").GetString()!, CultureInfo.InvariantCulture),
                s.GetProperty("status").GetInt32(),
                s.GetProperty("expired").GetBoolean())).ToList();
            return TrueLife.TrackingEnds(steps, PolicyTable.CompletedTail, PolicyTable.ExpiredValidationGrace) - DateTimeOffset.UnixEpoch;
        }
    }

    private static async Task<bool> WaitForEndAsync(Dictionary<string, PollerDatabaseReader> readers, DateTimeOffset cap, Stopwatch clock)
    {
        var lastLog = TimeSpan.Zero;
        while (true)
        {
            var tracked = new Dictionary<string, int>();
            foreach (var (policy, reader) in readers)
            {
                tracked[policy] = await reader.StillTrackedCountAsync();
            }

            var line = string.Join(", ", tracked.Select(t => $"{t.Key} {t.Value} still tracked"));
            if (tracked.Values.All(n => n == 0))
            {
                Log($"every life ended ({line})", clock);
                return true;
            }

            if (DateTimeOffset.UtcNow > cap)
            {
                Log($"time cap reached: {line}; their figures count up to now", clock);
                return false;
            }

            if (clock.Elapsed - lastLog >= TimeSpan.FromSeconds(30))
            {
                Log(line, clock);
                lastLog = clock.Elapsed;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task SampleAsync(PollerDatabaseReader reader, ConcurrentBag<double> samples, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                samples.Add(await reader.LatenessAsync(ct));
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    // Each twin's true steps (real time) and its request count, from the simulator.
    private static async Task<List<Twin>> TruthAsync(HttpClient simulator, IReadOnlyList<PlannedLife> lives, string policy, HashSet<string> stillTracked)
    {
        var twins = new List<Twin>();
        foreach (var chunk in lives.Chunk(32))
        {
            twins.AddRange(await Task.WhenAll(chunk.Select(async life =>
            {
                var uid = life.Uid(policy);
                var view = await simulator.GetFromJsonAsync<JsonElement>($"admin/tokens/{uid}");
                var steps = view.GetProperty("steps").EnumerateArray()
                    .Select(s => new TrueStep(s.GetProperty("at").GetDateTimeOffset(), s.GetProperty("status").GetInt32(), s.GetProperty("expired").GetBoolean()))
                    .ToList();
                return new Twin(uid, life.Family, policy, steps, view.GetProperty("requests").GetProperty("count").GetInt32(), stillTracked.Contains(uid));
            })));
        }

        return twins;
    }

    private static async Task<Resolution> ResolutionAsync(string policy, AppProcess poller, ConcurrentBag<double> lateness, double speed)
    {
        using var http = new HttpClient { BaseAddress = poller.Url };
        var metrics = await http.GetStringAsync("metrics");
        var count = Measure.Sum(metrics, "tchek_upstream_duration_seconds_count");
        var mean = count == 0 ? double.NaN : Measure.Sum(metrics, "tchek_upstream_duration_seconds_sum") / count;
        var sorted = lateness.Order().ToList();
        return new Resolution(
            policy,
            PolicyTable.IdleDelay.TotalSeconds * speed,
            Measure.Percentile(sorted, 0.95) * speed,
            (sorted.Count == 0 ? double.NaN : sorted[^1]) * speed,
            mean * speed);
    }

    private static void Log(string line, Stopwatch clock) => Console.Error.WriteLine($"bench: efficiency [{clock.Elapsed:mm\\:ss}] {line}");

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);
}
