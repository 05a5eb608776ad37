using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tchek.Events.Chaos.Checking;
using Tchek.Events.Testing;

namespace Tchek.Events.Chaos;

/// <summary>
/// One run: two pollers over a population of random lives while faults strike, then a drain with
/// every fault lifted until each token's stored state is its true final one, then the outbox
/// emptied by a poller cut off from the vendor, then the check.
/// </summary>
internal sealed class ChaosRun(ChaosOptions options, ChaosEnvironment environment)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>When the run began, for the faults' times in the report.</summary>
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
    private readonly Dictionary<FaultKind, int> _struck = [];
    private readonly List<StruckFault> _faults = [];

    public async Task<ChaosReport> RunAsync()
    {
        // Against the clusters, which the tests share: a database and a virtual host of the run's own.
        await using var vhost = environment.Ha ? await BrokerVhost.CreateAsync(environment.Management!, "chaos-ha") : null;
        var rabbitMq = vhost?.On(environment.RabbitMq) ?? environment.RabbitMq;
        var database = await PollerDatabase.CreateAsync(environment.Postgres, environment.Ha ? "chaos_ha" : "chaos", rabbitMq[0]);
        // The runner's own reads: unpooled, so none goes to a connection the failover left dead.
        var reads = new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString;
        await using var recorder = await Recorder.StartAsync(rabbitMq);
        await using var simulatorProcess = new AppProcess("Simulator", "chaos-simulator.log", Settings.Simulator(options));
        await simulatorProcess.StartAsync("admin/stats");
        using var simulator = new HttpClient { BaseAddress = simulatorProcess.Url, Timeout = TimeSpan.FromMinutes(2) };
        var pollerSettings = Settings.Poller(options, database, rabbitMq, simulatorProcess.Url);
        // Each poller reaches RabbitMQ and PostgreSQL through its own proxies, to be cut off alone.
        var links = new[] { PollerLinks.Start(rabbitMq, database), PollerLinks.Start(rabbitMq, database) };
        var pollers = links.Select((link, i) => new AppProcess("StatusPoller", $"chaos-poller-{"ab"[i]}.log", link.Apply(pollerSettings))).ToArray();
        _links = links;
        try
        {
            await Task.WhenAll(pollers.Select(p => p.StartAsync("health/ready")));
            Log($"two pollers up{(environment.Ha ? $" against {environment.RabbitMq.Count} broker nodes and {PollerLinks.Hosts(database).Count} database members" : "")}; {options.Tokens} tokens over {options.Duration.TotalSeconds:0} s, speed {options.Speed} (a step every {options.MeanStep.TotalSeconds:0.#} s on average), seed {options.Seed}");

            var population = new Population(options, simulator, pollers);
            var plan = FaultPlan.Make(options.Seed, options.FaultWindow - options.QuietLead, options.Rounds, pollers.Length, environment.Ha)
                .Select(fault => fault with { At = fault.At + options.QuietLead })
                .ToList();
            await Task.WhenAll(
                population.RunAsync(options.Duration - (options.LongestLife * 1.2), CancellationToken.None),
                StrikeAsync(plan, pollers, simulator));
            // The vendor's own faults go on to the end of the window.
            if (options.Duration > _clock.Elapsed)
            {
                await Task.Delay(options.Duration - _clock.Elapsed);
            }

            VendorRequests = (await simulator.GetFromJsonAsync<JsonElement>("admin/stats")).GetProperty("requests").GetInt64();
            Log($"faults done ({string.Join(", ", _struck.Select(kv => $"{kv.Key} ×{kv.Value}"))}); {population.TrackRetries} track request(s) retried; draining");

            await (await simulator.PutAsJsonAsync("admin/faults", Settings.VendorFaults(none: true))).Content.ReadAsStringAsync();
            foreach (var poller in pollers.Where(p => !p.Running))
            {
                await poller.StartAsync("health/ready");
            }

            var truth = await TruthAsync(simulator, population.Uids);
            var lastStep = truth.Max(t => t.Final.At);
            if (lastStep > DateTimeOffset.UtcNow)
            {
                await Task.Delay(lastStep - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
            }

            await CatchUpAsync(reads, truth, recorder);
            foreach (var poller in pollers)
            {
                await poller.KillAsync();
            }

            await FlushOutboxAsync(reads, recorder, pollerSettings);
            truth = await TruthAsync(simulator, population.Uids);
            var committed = await CommittedAsync(reads);
            var timings = await TimingsAsync(reads, recorder);
            Heals = HealFigures.Heals(_faults, timings);
            Delays = HealFigures.Delays(_faults, timings);
            var report = Checker.Check(truth, committed, recorder.Deliveries);
            var unreadable = recorder.Unreadable.Select(u => new Finding(FindingKind.Unexpected, "?", $"unreadable delivery {u}"));
            return report with { Findings = [.. report.Findings, .. unreadable] };
        }
        finally
        {
            foreach (var poller in pollers)
            {
                await poller.DisposeAsync();
            }

            foreach (var link in links)
            {
                await link.DisposeAsync();
            }
        }
    }

    private PollerLinks[] _links = [];

    public IReadOnlyDictionary<FaultKind, int> Struck => _struck;

    /// <summary>The time each cluster fault took to heal.</summary>
    public IReadOnlyList<Heal> Heals { get; private set; } = [];

    /// <summary>Poll → consumer delays, quiet and during each kind of fault.</summary>
    public IReadOnlyList<DelayFigures> Delays { get; private set; } = [];

    /// <summary>Requests the vendor answered (faults included) while faults were on.</summary>
    public long VendorRequests { get; private set; }

    private async Task StrikeAsync(IReadOnlyList<ScheduledFault> plan, AppProcess[] pollers, HttpClient simulator)
    {
        foreach (var fault in plan)
        {
            if (fault.At > _clock.Elapsed)
            {
                await Task.Delay(fault.At - _clock.Elapsed);
            }

            var poller = pollers[fault.Poller];
            var start = DateTimeOffset.UtcNow;
            DateTimeOffset? killAt = null;
            var detail = "";
            Log($"{fault.Kind}{(fault.Kind is FaultKind.KillPoller or FaultKind.PausePoller or FaultKind.PartitionDatabase ? $" poller {"ab"[fault.Poller]}" : fault.Kind is FaultKind.KillBrokerNode ? $" node {fault.Node}" : "")}");
            switch (fault.Kind)
            {
                case FaultKind.KillPoller:
                    await poller.KillAsync();
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    await poller.StartAsync("health/ready");
                    break;
                case FaultKind.PausePoller:
                    poller.Pause();
                    await Task.Delay(options.Lease + TimeSpan.FromSeconds(3));
                    poller.Resume();
                    break;
                case FaultKind.RestartBroker:
                    await ChaosEnvironment.ShellAsync(environment.StopBroker);
                    await Task.Delay(TimeSpan.FromSeconds(4));
                    await ChaosEnvironment.ShellAsync(environment.StartBroker);
                    break;
                case FaultKind.RestartDatabase:
                    await ChaosEnvironment.ShellAsync(environment.StopDatabase);
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    await ChaosEnvironment.ShellAsync(environment.StartDatabase);
                    break;
                case FaultKind.PartitionBroker:
                    // Both, so the active relay surely is: publishes under way wait for their confirm and time out together.
                    Array.ForEach(_links, link => link.CutBroker());
                    await Task.Delay(options.PublishTimeout + TimeSpan.FromSeconds(2));
                    Array.ForEach(_links, link => link.RestoreBroker());
                    break;
                case FaultKind.PartitionDatabase:
                    _links[fault.Poller].CutDatabase();
                    await Task.Delay(options.Lease + TimeSpan.FromSeconds(3));
                    _links[fault.Poller].RestoreDatabase();
                    break;
                case FaultKind.KillBrokerNode:
                    // The script SIGKILLs the node first thing: the launch is the kill, a few milliseconds early at most.
                    killAt = DateTimeOffset.UtcNow;
                    await ChaosEnvironment.ShellAsync($"{environment.HaServices} kill-broker-node {fault.Node}");
                    await Task.Delay(options.BrokerNodeDown);
                    var back = DateTimeOffset.UtcNow;
                    await ChaosEnvironment.ShellAsync($"{environment.HaServices} start-broker-node {fault.Node}");
                    detail = $"node {fault.Node} down {(back - killAt.Value).TotalSeconds:0.0} s, back in the cluster {(DateTimeOffset.UtcNow - back).TotalSeconds:0.0} s after its start";
                    break;
                case FaultKind.FailoverDatabase:
                    // The kill is when the script says so: it first checks that the pair is healthy.
                    var said = await ChaosEnvironment.ShellAsync(
                        $"{environment.HaServices} failover-database",
                        line => killAt ??= line.Contains("failover: killed", StringComparison.Ordinal) ? DateTimeOffset.UtcNow : null);
                    killAt ??= start;
                    detail = said.Trim();
                    break;
                case FaultKind.RateLimit:
                    (await simulator.PutAsJsonAsync("admin/faults", Settings.VendorFaults(tooManyRequests: 0.01))).EnsureSuccessStatusCode();
                    await Task.Delay(TimeSpan.FromSeconds(6));
                    (await simulator.PutAsJsonAsync("admin/faults", Settings.VendorFaults())).EnsureSuccessStatusCode();
                    break;
            }

            _struck[fault.Kind] = _struck.GetValueOrDefault(fault.Kind) + 1;
            _faults.Add(new StruckFault(fault.Kind, start, DateTimeOffset.UtcNow, killAt, detail));
            if (detail.Length > 0)
            {
                Log($"{fault.Kind}: {detail}");
            }
        }
    }

    // Faults are lifted and lives are over: wait until every token's stored state is its true final one, and every committed event was published.
    private async Task CatchUpAsync(string database, IReadOnlyList<TrueToken> truth, Recorder recorder)
    {
        var deadline = _clock.Elapsed + TimeSpan.FromMinutes(options.Short ? 1.5 : 4);
        var final = truth.ToDictionary(t => t.Uid, t => t.Final, StringComparer.Ordinal);
        while (true)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            var behind = 0;
            await using (var stored = new NpgsqlCommand("""
                SELECT uid, state, (snapshot->>'tradeinStatus')::int, (snapshot->>'expired')::bool, (snapshot->'tchekPtr'->>'percentDamage')::numeric
                FROM tracked_tokens
                """, connection))
            await using (var reader = await stored.ExecuteReaderAsync())
            {
                var seen = 0;
                while (await reader.ReadAsync())
                {
                    seen++;
                    var step = final[reader.GetString(0)];
                    var stopped = reader.GetInt32(1) != 0;
                    var status = reader.IsDBNull(2) ? -1 : reader.GetInt32(2);
                    var damage = reader.IsDBNull(4) ? (decimal?)null : reader.GetDecimal(4);
                    if (!stopped && (status != step.Status || reader.GetBoolean(3) != step.Expired || damage != step.PercentDamage))
                    {
                        behind++;
                    }
                }

                behind += truth.Count - seen;
            }

            await using var unpublished = new NpgsqlCommand("SELECT count(*), (SELECT count(*) FROM token_events) FROM token_events WHERE published_at IS NULL", connection);
            await using var counts = await unpublished.ExecuteReaderAsync();
            await counts.ReadAsync();
            var (backlog, committed) = (counts.GetInt64(0), counts.GetInt64(1));
            if ((behind == 0 && backlog == 0 && recorder.DistinctDelivered >= committed) || _clock.Elapsed > deadline)
            {
                Log($"caught up: {behind} token(s) behind their true state, {backlog} event(s) unpublished, {recorder.DistinctDelivered} of {committed} delivered");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    // Whatever a killed poller committed and did not publish yet goes out through a poller that cannot reach the vendor: it relays, and its polls all fail, which yields no event.
    private async Task FlushOutboxAsync(string database, Recorder recorder, Dictionary<string, string> pollerSettings)
    {
        var cutOff = new Dictionary<string, string>(pollerSettings) { ["Tchek:BaseUrl"] = "http://127.0.0.1:9/apiV1/" };
        await using var relay = new AppProcess("StatusPoller", "chaos-poller-flush.log", cutOff);
        await relay.StartAsync("health/ready");
        var deadline = _clock.Elapsed + TimeSpan.FromSeconds(30);
        while (_clock.Elapsed < deadline)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FILTER (WHERE published_at IS NULL), count(*) FROM token_events", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetInt64(0) == 0 && recorder.DistinctDelivered >= reader.GetInt64(1))
            {
                break;
            }

            await Task.Delay(500);
        }

        // Late copies (redeliveries) still count as duplicates, not as anything else.
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    private static async Task<IReadOnlyList<TrueToken>> TruthAsync(HttpClient simulator, IReadOnlyList<string> uids)
    {
        var tokens = new List<TrueToken>(uids.Count);
        foreach (var chunk in uids.Chunk(32))
        {
            tokens.AddRange(await Task.WhenAll(chunk.Select(async uid =>
            {
                var view = await simulator.GetFromJsonAsync<JsonElement>($"admin/tokens/{uid}");
                var steps = view.GetProperty("steps").EnumerateArray().Select(s => new TrueStep(
                    s.GetProperty("at").GetDateTimeOffset(),
                    s.GetProperty("status").GetInt32(),
                    s.GetProperty("expired").GetBoolean(),
                    s.GetProperty("percentDamage").ValueKind == JsonValueKind.Null ? null : s.GetProperty("percentDamage").GetDecimal())).ToList();
                var requests = view.GetProperty("requests");
                return new TrueToken(uid, steps, requests.GetProperty("earlyRequests").GetInt32(), requests.GetProperty("overlaps").GetInt32());
            })));
        }

        return tokens;
    }

    private static async Task<IReadOnlyList<EventTiming>> TimingsAsync(string database, Recorder recorder)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id, (payload->>'observedAt')::timestamptz, created_at FROM token_events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var timings = new List<EventTiming>();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            timings.Add(new EventTiming(
                id,
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                recorder.FirstArrival.TryGetValue(id, out var at) ? at : null));
        }

        return timings;
    }

    private static async Task<IReadOnlyList<EventFacts>> CommittedAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id, type, payload::text FROM token_events ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<EventFacts>();
        while (await reader.ReadAsync())
        {
            events.Add(EventFacts.Parse(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return events;
    }

    private void Log(string line) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {line}");
}
