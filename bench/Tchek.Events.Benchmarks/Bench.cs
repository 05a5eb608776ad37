using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Npgsql;
using Tchek.Events.Contracts;

namespace Tchek.Events.Benchmarks;

/// <summary>One bench session: services, a database per run, the simulator, the poller.</summary>
internal sealed class Bench(string adminConnectionString, Uri rabbitMq, TimeSpan window)
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

    public Uri RabbitMq => rabbitMq;

    public TimeSpan Window => window;

    public Task<string> CreateDatabaseAsync(string name) => PollerDatabase.CreateAsync(adminConnectionString, name, rabbitMq);

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
