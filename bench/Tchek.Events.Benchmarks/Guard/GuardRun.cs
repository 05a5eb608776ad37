using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Tchek.Events.Benchmarks.Guard;

/// <summary><c>./bench.sh --guard [--update-baseline]</c>.</summary>
internal sealed record GuardOptions(bool UpdateBaseline);

/// <summary>What one guard run measured: each guarded figure by key, and how it was taken.</summary>
internal sealed record GuardMeasurement(IReadOnlyDictionary<string, double> Figures, string Details);

/// <summary>
/// The CI guard: figures of an unchanged poll that do not depend on the machine's speed, held to
/// bench/baseline.json. The real poller polls real simulator tokens, one poll at a time, through a
/// counting relay to PostgreSQL (<see cref="WireProxy"/>); allocations come from its own /metrics, index
/// entries from PostgreSQL's table statistics. docs/benchmarks.md, "CI guard", says why each figure.
/// </summary>
internal static class GuardRun
{
    public const int Tokens = 200;
    public const int WarmUpPolls = 1_000;
    public const int MeasuredPolls = 4_000;

    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One poll at a time: each poll is its own claim and its own write transaction, so no count depends on
    /// how polls happen to batch on this machine, and a statement added per batch shows as one per poll.
    /// The background loops are slowed so the window holds the polls' own work; an empty claim waits 5 s
    /// (never, while tokens are due), so the idle window holds no claim.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Shape { get; } = new Dictionary<string, string>
    {
        ["Polling:MaxConcurrency"] = "1",
        ["Polling:BatchSize"] = "1",
        ["Polling:Writers"] = "1",
        ["Polling:WriteBatchSize"] = "1",
        ["Polling:IdleDelay"] = "00:00:05",
        ["Outbox:SweepInterval"] = "00:01:00",
        ["UpstreamHealth:CheckInterval"] = "00:01:00",
        ["Housekeeping:Interval"] = "01:00:00",
    };

    public static string BaselinePath { get; } = Path.Combine(AppProcess.RepoRoot, "bench", "baseline.json");

    public static async Task<int> RunAsync(GuardOptions options, Bench bench)
    {
        var previous = File.Exists(BaselinePath) ? GuardBaseline.Parse(await File.ReadAllTextAsync(BaselinePath)) : null;
        if (previous is null && !options.UpdateBaseline)
        {
            Console.Error.WriteLine($"bench: guard: FAILED: no {Path.GetRelativePath(AppProcess.RepoRoot, BaselinePath)}; record one with {GuardBaseline.UpdateCommand}");
            return 1;
        }

        // Allocations read up to ~2 % lower on a machine busy with other work (docs/benchmarks.md, "CI guard").
        var busy = await MachineBusyAsync();
        if (busy > 0.5)
        {
            Console.Error.WriteLine($"bench: guard: warning: the machine is {F(busy * 100, "0")} % busy with other work: allocations read lower than on a quiet machine{(options.UpdateBaseline ? "; record the baseline on a quiet one (CI's is)" : "")}");
        }

        GuardMeasurement measured;
        await using (var simulator = await AppProcess.StartAsync("Simulator", "bench-guard-simulator.log", new Dictionary<string, string> { ["Simulator:Seed"] = "1" }, "health"))
        {
            measured = await MeasureAsync(bench, simulator);
        }

        measured = measured with { Details = $"{measured.Details} The machine ({Environment.ProcessorCount} cores) was {F(busy * 100, "0")} % busy before the run." };

        if (options.UpdateBaseline)
        {
            var recorded = GuardBaseline.Record(measured.Figures, previous, DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Commit());
            await File.WriteAllTextAsync(BaselinePath, recorded.ToJson());
            Console.WriteLine(Table(recorded.Compare(measured.Figures), measured.Details));
            Console.Error.WriteLine($"bench: guard: recorded {Path.GetRelativePath(AppProcess.RepoRoot, BaselinePath)}; commit it with the change that moved the figures, saying why");
            return 0;
        }

        var verdicts = previous!.Compare(measured.Figures);
        Console.WriteLine(Table(verdicts, measured.Details));
        foreach (var fell in verdicts.Where(v => v.Outcome == GuardOutcome.Fell))
        {
            Console.Error.WriteLine($"bench: guard: {fell.Message}");
        }

        var failed = verdicts.Where(v => v.Fails).ToList();
        foreach (var failure in failed)
        {
            Console.Error.WriteLine($"bench: guard: FAILED: {failure.Message}");
        }

        if (failed.Count > 0)
        {
            Console.Error.WriteLine($"bench: guard: a change that knowingly adds per-poll work re-records the baseline with {GuardBaseline.UpdateCommand} and says why in its commit; otherwise find what grew (docs/benchmarks.md, \"CI guard\").");
            return 1;
        }

        Console.Error.WriteLine("bench: guard: passed: no guarded figure grew past bench/baseline.json");
        return 0;
    }

    public static async Task<GuardMeasurement> MeasureAsync(Bench bench, AppProcess simulator)
    {
        var database = await bench.CreateDatabaseAsync("guard");
        await Bench.LoadTokensAsync(simulator, database, Tokens, flapping: false);
        // Nothing due until the idle window is measured.
        await ExecuteAsync(database, "UPDATE tracked_tokens SET next_poll_at = now() + interval '1 day'");
        await SessionsEndedAsync(database, pollerRunning: false);
        var (proxy, throughProxy) = WireProxy.Start(database);
        Dictionary<string, double> figures;
        string window;
        Dictionary<string, (long Ins, long Upd, long Hot, long Del)> before;
        await using (proxy)
        {
            var settings = Bench.PollerSettings(throughProxy, bench.RabbitMq, simulator.Url);
            foreach (var (key, value) in Shape)
            {
                settings[key] = value;
            }

            await using var poller = await AppProcess.StartAsync("StatusPoller", "bench-guard-poller.log", settings, "health/ready");
            using var http = new HttpClient { BaseAddress = poller.Url };
            using var vendor = new HttpClient { BaseAddress = simulator.Url };

            // What the poller does with nothing to poll (timers, heartbeats, keep-alives), per second, to take out of the polls' figures.
            await Task.Delay(IdleSettle);
            var idle = await SampleAsync(http, proxy, () => Task.Delay(IdleWindow));
            if (idle.Polls > 0)
            {
                throw new InvalidOperationException($"bench: guard: {idle.Polls} polls in the idle window; see logs/bench-guard-poller.log");
            }

            // Every token due: the idle poller has written no row, so the table statistics start here.
            await ExecuteAsync(database, "UPDATE tracked_tokens SET next_poll_at = now()");
            await SessionsEndedAsync(database, pollerRunning: true);
            before = await TableWritesAsync(database);
            await PollsAsync(vendor, WarmUpPolls);
            var busy = await SampleAsync(http, proxy, () => PollsAsync(vendor, MeasuredPolls));
            if (busy.Polls < MeasuredPolls / 2 || busy.Unchanged != busy.Polls)
            {
                throw new InvalidOperationException($"bench: guard: the window held {busy.Polls} polls, {busy.Unchanged} of them unchanged; see logs/bench-guard-poller.log");
            }

            if (busy.Wire.Unreadable + idle.Wire.Unreadable > 0)
            {
                throw new InvalidOperationException("bench: guard: a PostgreSQL conversation could not be read (did the poller insist on TLS?)");
            }

            double PerPoll(double busyTotal, double idleTotal) => (busyTotal - (idleTotal / idle.Seconds * busy.Seconds)) / busy.Polls;
            figures = new Dictionary<string, double>
            {
                [GuardFigure.AllocatedBytes.Key] = PerPoll(busy.Allocated, idle.Allocated),
                [GuardFigure.Statements.Key] = PerPoll(busy.Wire.Statements, idle.Wire.Statements),
                [GuardFigure.RoundTrips.Key] = PerPoll(busy.Wire.RoundTrips, idle.Wire.RoundTrips),
                [GuardFigure.Connections.Key] = PerPoll(busy.Wire.Connections, idle.Wire.Connections),
            };
            window = $"{F(busy.Polls)} polls measured in {F(busy.Seconds, "0.0")} s after {F(WarmUpPolls)} to warm up, less what the idle poller did in as long "
                + $"({F(idle.Allocated / idle.Seconds / 1024, "0")} KiB allocated, {F(idle.Wire.Statements / idle.Seconds, "0.0")} statements and {F(idle.Wire.RoundTrips / idle.Seconds, "0.0")} round trips a second over {F(idle.Seconds, "0")} s)";
        }

        // The poller is gone, and its sessions with it: PostgreSQL counts a session's row writes when it ends at the latest.
        await SessionsEndedAsync(database, pollerRunning: false);
        var after = await TableWritesAsync(database);
        var polls = await ScalarAsync<long>(database, "SELECT coalesce(sum(lease_version), 0)::bigint FROM tracked_tokens");
        var entries = await IndexEntriesPerRowAsync(database);
        var writes = after.Keys.Select(t => (Table: t, Ins: after[t].Ins - before.GetValueOrDefault(t).Ins, Upd: after[t].Upd - before.GetValueOrDefault(t).Upd, Hot: after[t].Hot - before.GetValueOrDefault(t).Hot, Del: after[t].Del - before.GetValueOrDefault(t).Del)).ToList();
        figures[GuardFigure.IndexEntries.Key] = writes.Sum(w => (w.Ins + w.Upd - w.Hot) * entries.GetValueOrDefault(w.Table)) / (double)polls;
        var rowWrites = writes.Sum(w => w.Ins + w.Upd + w.Del) / (double)polls;
        var updates = writes.Sum(w => w.Upd);
        var hot = updates == 0 ? 0 : writes.Sum(w => w.Hot) / (double)updates;
        var maintained = string.Join(", ", writes.Where(w => w.Ins + w.Upd > 0).Select(w => $"{w.Table} {F(entries.GetValueOrDefault(w.Table), "0.##")}"));

        var (statements, roundTrips) = await StoreAloneAsync(database);
        figures[GuardFigure.StoreStatements.Key] = statements;
        figures[GuardFigure.StoreRoundTrips.Key] = roundTrips;
        return new GuardMeasurement(figures,
            $"{window}; over all {F(polls)} polls: {F(rowWrites, "0.00")} rows written per poll, {F(hot * 100, "0")} % of updates HOT, index entries per row written: {maintained}.");
    }

    /// <summary>The poller's allocations and polls (its /metrics) and its database conversation (the relay) over what <paramref name="during"/> waits for.</summary>
    private static async Task<Sample> SampleAsync(HttpClient poller, WireProxy proxy, Func<Task> during)
    {
        var (metrics0, wire0, clock) = (await poller.GetStringAsync("metrics"), proxy.Counts.Read(), Stopwatch.StartNew());
        await during();
        var (metrics1, wire1, seconds) = (await poller.GetStringAsync("metrics"), proxy.Counts.Read(), clock.Elapsed.TotalSeconds);
        return new Sample(
            Delta(metrics0, metrics1, "tchek_process_allocated"),
            Delta(metrics0, metrics1, "tchek_polls_total"),
            Measure.Sum(metrics1, "tchek_polls_total", "unchanged") - Measure.Sum(metrics0, "tchek_polls_total", "unchanged"),
            wire1 - wire0,
            seconds);
    }

    private sealed record Sample(double Allocated, double Polls, double Unchanged, WireTotals Wire, double Seconds);

    // The claim and the fenced write alone, through the store the poller uses, for a batch of Tokens:
    // one poll at a time cannot show a batch split into more statements or round trips.
    private static async Task<(double Statements, double RoundTrips)> StoreAloneAsync(string database)
    {
        await ExecuteAsync(database, "UPDATE tracked_tokens SET next_poll_at = now() - interval '1 second', lease_owner = NULL");
        var (proxy, throughProxy) = WireProxy.Start(database);
        await using (proxy)
        {
            await using var dataSource = NpgsqlDataSource.Create(throughProxy);
            var store = RawLimits.Store(dataSource);
            // The first batch opens the connection; the second is the one counted (each token due again 1 ms after its write).
            await RawLimits.ClaimAndWriteAsync(store, Tokens, "guard");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            var before = proxy.Counts.Read();
            var claimed = await RawLimits.ClaimAndWriteAsync(store, Tokens, "guard");
            var wire = proxy.Counts.Read() - before;
            return claimed == Tokens
                ? (wire.Statements, wire.RoundTrips)
                : throw new InvalidOperationException($"bench: guard: the store claimed {claimed} tokens, not {Tokens}");
        }
    }

    private static string Table(IReadOnlyList<GuardVerdict> verdicts, string details)
    {
        var md = new StringBuilder();
        md.AppendLine("## CI guard: figures that do not depend on the machine, against bench/baseline.json");
        md.AppendLine();
        md.AppendLine($"The real poller over {Tokens} unchanged tokens, one poll at a time ({string.Join(", ", Shape.Select(s => $"{s.Key}={s.Value}"))}); {details}");
        md.AppendLine();
        md.AppendLine("| figure | baseline | measured | allowed up to | verdict |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var v in verdicts)
        {
            var verdict = v.Outcome switch
            {
                GuardOutcome.Above => "**grew**",
                GuardOutcome.NoBaseline => "**no baseline**",
                GuardOutcome.Fell => "fell",
                _ => "ok",
            };
            md.AppendLine($"| {v.Figure.Label} | {(v.Baseline is { } b ? v.Figure.Print(b.Value) : "–")} | {v.Figure.Print(v.Measured)} | {(v.Baseline is { } l ? v.Figure.Print(l.Limit) : "–")} | {verdict} |");
        }

        return md.ToString();
    }

    // Waits until the simulator has answered `count` more requests (each one poll).
    private static async Task PollsAsync(HttpClient vendor, int count)
    {
        var start = await RequestsAsync(vendor);
        var deadline = Stopwatch.StartNew();
        while (await RequestsAsync(vendor) - start < count)
        {
            if (deadline.Elapsed > Cap)
            {
                throw new TimeoutException($"bench: guard: fewer than {count} polls in {Cap.TotalMinutes} min; see logs/bench-guard-poller.log");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task<long> RequestsAsync(HttpClient vendor) =>
        (await vendor.GetFromJsonAsync<JsonElement>("admin/stats")).GetProperty("requests").GetInt64();

    private static double Delta(string before, string after, string metric) => Measure.Sum(after, metric) - Measure.Sum(before, metric);

    /// <summary>
    /// Waits until the sessions that wrote rows have ended (a session reports its row counts to the table
    /// statistics at the latest when it ends): every other session, or only the guard's own when the
    /// poller is running (it must have written nothing yet).
    /// </summary>
    private static async Task SessionsEndedAsync(string database, bool pollerRunning)
    {
        NpgsqlConnection.ClearAllPools();
        var deadline = Stopwatch.StartNew();
        var others = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            + (pollerRunning ? $" AND application_name = '{GuardSessions}'" : "");
        while (await ScalarAsync<long>(database, others) > 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("bench: guard: other sessions stayed on the guard's database for 30 s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Rows inserted, updated, HOT-updated and deleted per table, as the table statistics have them.</summary>
    private static async Task<Dictionary<string, (long Ins, long Upd, long Hot, long Del)>> TableWritesAsync(string database)
    {
        await using var connection = new NpgsqlConnection(Unpooled(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var writes = new Dictionary<string, (long, long, long, long)>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            writes[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        return writes;
    }

    /// <summary>
    /// Per table, the index entries one written row makes (a non-HOT update or an insert enters every
    /// index whose predicate the row meets): 1 per full index, and per partial index the share of the
    /// table's rows its predicate holds for (the guard's tokens are all alike, so 0 or 1).
    /// </summary>
    private static async Task<Dictionary<string, double>> IndexEntriesPerRowAsync(string database)
    {
        var indexes = new List<(string Table, string Quoted, string? Predicate)>();
        await using (var connection = new NpgsqlConnection(Unpooled(database)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT c.relname, format('%I', c.relname), pg_get_expr(x.indpred, x.indrelid)
                FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public'
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        var entries = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (table, quoted, predicate) in indexes)
        {
            var share = predicate is null ? 1.0 : await ScalarAsync<double>(database,
                $"SELECT coalesce(count(*) FILTER (WHERE {predicate})::float8 / nullif(count(*), 0), 1) FROM {quoted}");
            entries[table] = entries.GetValueOrDefault(table) + share;
        }

        return entries;
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private const string GuardSessions = "tchek-guard";

    // The guard's own sessions end when closed (none stays to report its counts later), and are told apart from the poller's.
    private static string Unpooled(string database) =>
        new NpgsqlConnectionStringBuilder(database) { Pooling = false, ApplicationName = GuardSessions }.ConnectionString;

    // The share of all cores busy over a second (/proc/stat: everything but idle and iowait).
    private static async Task<double> MachineBusyAsync()
    {
        static (long Busy, long Total) Read()
        {
            // user, nice, system, idle, iowait, irq, softirq, steal (guest time is in user already).
            var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            return (ticks.Sum() - ticks[3] - ticks[4], ticks.Sum());
        }

        var before = Read();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = Read();
        return after.Total == before.Total ? 0 : (after.Busy - before.Busy) / (double)(after.Total - before.Total);
    }

    private static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", AppProcess.RepoRoot, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string F(double value, string format = "#,0") => value.ToString(format, CultureInfo.InvariantCulture);
}
