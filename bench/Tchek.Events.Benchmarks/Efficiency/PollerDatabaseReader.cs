using Npgsql;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>What the bench reads from one poller's database: tokens still tracked, how late due polls are, the milestone events.</summary>
internal sealed class PollerDatabaseReader(string database)
{
    public async Task<int> StillTrackedCountAsync(CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM tracked_tokens WHERE state = 0", connection);
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<HashSet<string>> StillTrackedAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT uid FROM tracked_tokens WHERE state = 0", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var uids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            uids.Add(reader.GetString(0));
        }

        return uids;
    }

    /// <summary>Whether any poll was written yet (a token's first poll stores its TokenTracked event).</summary>
    public async Task<bool> AnyEventAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM token_events)", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How long the most overdue token has been due and not claimed, in real seconds (0 when none is due).</summary>
    public async Task<double> LatenessAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(extract(epoch FROM clock_timestamp() - min(next_poll_at)), 0)::float8 FROM tracked_tokens WHERE state = 0 AND next_poll_at <= clock_timestamp()", connection);
        return (double)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Every milestone event stored, by token: its type and the poll that saw it (the payload's observedAt).</summary>
    public async Task<Dictionary<string, IReadOnlyList<SeenEvent>>> MilestonesAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT uid, type, (payload->>'observedAt')::timestamptz FROM token_events WHERE type = ANY(@types) ORDER BY uid, sequence", connection);
        command.Parameters.AddWithValue("types", TrueLife.Milestones.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var events = new Dictionary<string, List<SeenEvent>>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var uid = reader.GetString(0);
            if (!events.TryGetValue(uid, out var list))
            {
                events[uid] = list = [];
            }

            list.Add(new SeenEvent(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return events.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<SeenEvent>)kv.Value, StringComparer.Ordinal);
    }
}
