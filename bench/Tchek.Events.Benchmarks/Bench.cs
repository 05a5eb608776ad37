using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Npgsql;
using Tchek.Events.Contracts;

namespace Tchek.Events.Benchmarks;

/// <summary>
/// One bench session: a RabbitMQ vhost and databases of its own, named after the session (two benches on
/// one machine never touch each other's, and no queue outside the vhost receives its events), the
/// simulator, the poller. Disposing it, or Ctrl-C or SIGTERM, kills the apps it started and deletes its
/// databases and its vhost.
/// </summary>
internal sealed class Bench : IAsyncDisposable
{
    public static readonly Dictionary<string, string> FastPolling = new()
    {
        ["Polling:UnopenedInterval"] = "00:00:00.001",
        ["Polling:JitterRatio"] = "0.1",
        ["Polling:IdleDelay"] = "00:00:00.010",
        ["Tchek:MaxRequestsPerSecond"] = "100000",
        ["Tchek:MaxRetries"] = "0",
        ["Api:Keys:0"] = "bench-api-key-0123456789-abcdefghij",
    };

    private readonly string _adminConnectionString;
    private readonly string _session;
    private readonly BenchVirtualHost _vhost;
    private readonly List<string> _databases = [];
    private readonly PosixSignalRegistration[] _signals;
    private readonly Lazy<Task> _cleanUp;

    private Bench(string adminConnectionString, string session, BenchVirtualHost vhost, TimeSpan window)
    {
        _adminConnectionString = adminConnectionString;
        _session = session;
        _vhost = vhost;
        Window = window;
        // One clean-up, whoever asks first; the other waits for it rather than ending the process under it.
        _cleanUp = new Lazy<Task>(CleanUpAsync);
        // The default action (the process ends) follows the handler: clean up first, synchronously.
        _signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(signal => PosixSignalRegistration.Create(signal, _ =>
        {
            Console.Error.WriteLine($"bench: {signal}: stopping the apps, deleting this session's databases and vhost");
            AppProcess.KillAll();
            _cleanUp.Value.GetAwaiter().GetResult();
        }))];
    }

    /// <summary>The broker, on this session's vhost.</summary>
    public Uri RabbitMq => _vhost.Uri;

    /// <summary>Whether the broker's management plugin was on (it answered).</summary>
    public bool ManagementPlugin => _vhost.ManagementPlugin;

    public TimeSpan Window { get; }

    /// <summary>Makes the session's vhost; <paramref name="management"/> is the broker's management API, if known (TCHEK_TEST_RABBITMQ_MANAGEMENT).</summary>
    public static async Task<Bench> StartAsync(string adminConnectionString, Uri rabbitMq, Uri? management, TimeSpan window)
    {
        var session = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var vhost = await BenchVirtualHost.CreateAsync($"bench-{session}", rabbitMq, management);
        Console.Error.WriteLine($"bench: session {session}: vhost {vhost.Name}, databases bench_{session}_*; deleted at the end");
        return new Bench(adminConnectionString, session, vhost, window);
    }

    /// <summary>A new database of this session, migrated: <c>bench_{session}_{name}</c>.</summary>
    public Task<string> CreateDatabaseAsync(string name)
    {
        var database = $"bench_{_session}_{name}";
        lock (_databases)
        {
            _databases.Add(database);
        }

        return PollerDatabase.CreateAsync(_adminConnectionString, database, RabbitMq);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        await _cleanUp.Value;
    }

    private async Task CleanUpAsync()
    {
        string[] databases;
        lock (_databases)
        {
            databases = [.. _databases];
        }

        // Each goes even when another could not: a database that stays is named.
        foreach (var database in databases)
        {
            try
            {
                await PollerDatabase.DropAsync(_adminConnectionString, database);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                Console.Error.WriteLine($"bench: could not drop database {database}: {ex.Message}");
            }
        }

        await _vhost.DeleteAsync();
    }

    /// <summary>Creates <paramref name="count"/> tokens in the simulator and tracks them as already seen at their current answer.</summary>
    public static async Task<List<string>> LoadTokensAsync(AppProcess simulator, string database, int count, bool flapping, TimeSpan spread = default)
    {
        using var http = new HttpClient { BaseAddress = simulator.Url, Timeout = TimeSpan.FromMinutes(5) };
        var created = await (await http.PostAsJsonAsync("admin/tokens/bulk", new { count, status = 2, flapping })).Content.ReadFromJsonAsync<JsonElement>();
        var uids = created.GetProperty("uids").EnumerateArray().Select(u => u.GetString()!).ToList();
        await InsertTrackedAsync(database, await TemplateAsync(simulator, uids[0]), uids, spread);
        return uids;
    }

    /// <summary>One token's stored form, as the poller keeps it.</summary>
    public static async Task<string> TemplateAsync(AppProcess simulator, string uid)
    {
        using var http = new HttpClient { BaseAddress = simulator.Url };
        using var answer = JsonDocument.Parse(await http.GetStringAsync($"apiV1/tokenmanager/test?deviceId={uid}-pwa"));
        return answer.RootElement.GetProperty("token").GetRawText();
    }

    /// <summary>Tracks <paramref name="uids"/> as already seen at status 2 (their snapshot is <paramref name="template"/> with their uid).</summary>
    // spread: first polls spread evenly over this much time, as tokens tracked at different moments are.
    public static async Task InsertTrackedAsync(string database, string template, IReadOnlyList<string> uids, TimeSpan spread = default)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // Each token starts as tracked at status 2, as if its first poll was done: the run measures
        // steady-state polls, not first sightings.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO tracked_tokens (uid, state, status, progress, last_sequence, snapshot, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT u, 0, 2, 2, 3, jsonb_set(jsonb_set(@template::jsonb, '{uid}', to_jsonb(u)), '{deviceId}', to_jsonb(u || '-pwa')),
                   false, now() + random() * @spread, 0, 0, now(), now()
            FROM unnest(@uids) AS u
            """, connection) { CommandTimeout = 600 };
        insert.Parameters.AddWithValue("template", template);
        insert.Parameters.AddWithValue("uids", uids.ToArray());
        insert.Parameters.AddWithValue("spread", spread);
        await insert.ExecuteNonQueryAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE tracked_tokens", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public static async Task<long> TransactionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static Dictionary<string, string> PollerSettings(string database, Uri rabbitMq, Uri simulator, TimeSpan? interval = null) => new(FastPolling)
    {
        ["Polling:ActiveInterval"] = (interval ?? TimeSpan.FromMilliseconds(1)).ToString("c", CultureInfo.InvariantCulture),
        ["ConnectionStrings:Postgres"] = database,
        ["ConnectionStrings:RabbitMq"] = rabbitMq.ToString(),
        ["Tchek:BaseUrl"] = new Uri(simulator, "apiV1/").ToString(),
    };

    /// <summary>A consumer on its own queue that records, per event, how long after its poll it arrived.</summary>
    public static async Task<(IBusControl Bus, ConcurrentBag<double> LatenciesMs, StrongBox Count)> StartSinkAsync(Uri rabbitMq)
    {
        var latencies = new ConcurrentBag<double>();
        var count = new StrongBox();
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq);
            cfg.ReceiveEndpoint($"bench-sink-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.PrefetchCount = 500;
                e.Handler<ITokenEvent>(context =>
                {
                    latencies.Add((DateTimeOffset.UtcNow - context.Message.ObservedAt).TotalMilliseconds);
                    Interlocked.Increment(ref count.Value);
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        return (bus, latencies, count);
    }

    public static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>A counter shared with a handler.</summary>
internal sealed class StrongBox
{
    public long Value;
}
