using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Tchek.Events.Benchmarks;
using Tchek.Events.Benchmarks.Efficiency;
using Tchek.Events.Benchmarks.Guard;
using static Tchek.Events.Benchmarks.Bench;

// ./bench.sh --help lists the switches (BenchCommandLine).
var commandLine = BenchCommandLine.Parse(args);
if (BenchCommandLine.Tool.Answer(commandLine, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

if (BenchCommandLine.Guard(commandLine) is { } guard)
{
    var (database, broker, management) = Services();
    await using var guardSession = await Bench.StartAsync(database, broker, management, TimeSpan.Zero);
    return await GuardRun.RunAsync(guard, guardSession);
}

if (BenchCommandLine.Efficiency(commandLine) is { } efficiency)
{
    var (database, broker, management) = Services();
    await using var efficiencySession = await Bench.StartAsync(database, broker, management, TimeSpan.Zero);
    return await EfficiencyRun.RunAsync(efficiency, efficiencySession);
}

var options = BenchCommandLine.Bench(commandLine);
if (options.Micro)
{
    BenchmarkRunner.Run<ParseDetectBenchmarks>();
    BenchmarkRunner.Run<PerPollPartsBenchmarks>();
    return 0;
}

var (postgres, rabbitMq, managementApi) = Services();
await using var bench = await Bench.StartAsync(postgres, rabbitMq, managementApi, options.Window);
var report = new Report(options) { ManagementPlugin = bench.ManagementPlugin };

await using (var simulator = await AppProcess.StartAsync("Simulator", "bench-simulator.log", new Dictionary<string, string> { ["Simulator:Seed"] = "1" }, "health"))
{
    Console.Error.WriteLine("bench: raw limits");
    string template;
    using (var http = new HttpClient { BaseAddress = simulator.Url })
    {
        var created = await (await http.PostAsJsonAsync("admin/tokens/bulk", new { count = 1000, status = 2 })).Content.ReadFromJsonAsync<JsonElement>();
        var uids = created.GetProperty("uids").EnumerateArray().Select(u => u.GetString()!).ToList();
        template = await TemplateAsync(simulator, uids[0]);
        report.HttpLimit = await RawLimits.HttpAsync(simulator, uids, options.Window);
    }

    if (options.Parts)
    {
        Console.WriteLine(await PartsRun.RunAsync(bench, simulator, options.Tokens[0], options.Rounds, options.Part));
        return 0;
    }

    report.PublishLimit = await RawLimits.PublishAsync(bench.RabbitMq, options.Window);

    foreach (var tokens in options.Tokens)
    {
        Console.Error.WriteLine($"bench: {tokens} tokens, unchanged polls");
        var figures = await PollerRun.RunAsync(bench, simulator, tokens, changing: false);
        var database = await bench.CreateDatabaseAsync($"raw_{tokens}");
        await InsertTrackedAsync(database, template, [.. Enumerable.Range(0, tokens).Select(i => $"R{i}")]);
        report.Unchanged.Add((figures, await RawLimits.DatabaseAsync(database, options.Window)));
    }

    if (options.Changed > 0)
    {
        Console.Error.WriteLine($"bench: {options.Changed} tokens, every poll a change");
        report.Changed.Add(await PollerRun.RunAsync(bench, simulator, options.Changed, changing: true));
        foreach (var pace in new[] { 1.0, 2.0, 4.0 })
        {
            Console.Error.WriteLine($"bench: {options.Changed} tokens each changing and polled every {pace} s");
            report.Changed.Add(await PollerRun.RunAsync(bench, simulator, options.Changed, changing: true, TimeSpan.FromSeconds(pace)));
        }
    }

    if (options.Storage > 0)
    {
        Console.Error.WriteLine($"bench: claim and write alone with {options.Storage} tokens stored");
        var database = await bench.CreateDatabaseAsync("storage");
        foreach (var chunk in Enumerable.Range(0, options.Storage).Chunk(100_000))
        {
            await InsertTrackedAsync(database, template, [.. chunk.Select(i => $"S{i}")]);
        }

        report.StorageRate = await RawLimits.DatabaseAsync(database, options.Window);
    }
}

Console.WriteLine(report.Markdown());
return 0;

// The management API is optional: without it the bench makes its vhost with rabbitmqctl.
static (string Postgres, Uri RabbitMq, Uri? Management) Services() => (
    Environment.GetEnvironmentVariable("TCHEK_TEST_POSTGRES")
        ?? throw new InvalidOperationException("TCHEK_TEST_POSTGRES is not set: run ./bench.sh (it starts the services), or source scripts/services.sh."),
    new Uri(Environment.GetEnvironmentVariable("TCHEK_TEST_RABBITMQ")
        ?? throw new InvalidOperationException("TCHEK_TEST_RABBITMQ is not set: run ./bench.sh, or source scripts/services.sh.")),
    Environment.GetEnvironmentVariable("TCHEK_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } management ? new Uri(management) : null);
