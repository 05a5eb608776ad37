namespace Tchek.Events.StatusPoller.Tokens;

internal sealed partial class TrackedTokens
{
    // For the API, the console and the gauges: never the whole table.
    /// <summary>The row of <paramref name="uid"/>, or null when it is not tracked.</summary>
    public async Task<TrackedToken?> FindAsync(string uid, CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand($"SELECT {Columns} FROM tracked_tokens WHERE uid = @uid");
        select.Parameters.AddWithValue("uid", uid);
        return (await ReadAsync(select, 1, ct)).SingleOrDefault();
    }

    /// <summary>
    /// A page of tokens in uid order, and whether more follow. A uid never changes, so a walk sees every row exactly
    /// once and ends; polls move <c>updated_at</c> faster than a client pages.
    /// </summary>
    public async Task<(List<TrackedToken> Tokens, bool More)> ListAsync(TokenListFilter filter, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var select = ListCommand(filter);
        select.Connection = connection;
        var rows = await ReadAsync(select, filter.Limit + 1, ct);
        var more = rows.Count > filter.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return (rows, more);
    }

    /// <summary>
    /// The statement of <see cref="ListAsync"/>, internal for the plan test. Only the filters given appear, so each can
    /// use its (column, uid) index, which a catch-all <c>(@x IS NULL OR x = @x)</c> would not.
    /// </summary>
    internal static NpgsqlCommand ListCommand(TokenListFilter filter)
    {
        var select = new NpgsqlCommand();
        var where = new SqlConditions(select.Parameters)
            .Add((int?)filter.State, "state = @state", "state")
            .Add(filter.Status, "status = @status", "status")
            .Add(filter.ExternalReference, "external_reference = @reference", "reference")
            .Add(filter.UpdatedSince, "updated_at >= @since", "since")
            .Add(filter.AfterUid, "uid > @after", "after");
        select.Parameters.AddWithValue("limit", filter.Limit + 1);
        select.CommandText = $"SELECT {Columns} FROM tracked_tokens {where} ORDER BY uid LIMIT @limit";
        return select;
    }

    /// <summary>Whether <paramref name="uid"/> is (or was) tracked.</summary>
    public async Task<bool> ExistsAsync(string uid, CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM tracked_tokens WHERE uid = @uid)");
        select.Parameters.AddWithValue("uid", uid);
        return (bool)(await select.ExecuteScalarAsync(ct))!;
    }

    // Through the partial index of tracked tokens (state = 0): the tracked set is bounded by the load.
    private const string CountTrackingSql = $"SELECT coalesce(status, -1), count(*) FROM tracked_tokens WHERE {Active} GROUP BY 1";

    // Stopped tokens are kept for Tracking:StoppedRetention and may be millions: only the latest
    // @limit, newest first through the stopped tokens' partial index, and whether there are more.
    private const string CountStoppedSql = $"""
        SELECT coalesce(status, -1), count(*) FROM (
            SELECT status FROM tracked_tokens WHERE {Stopped} ORDER BY updated_at DESC LIMIT @limit) AS latest
        GROUP BY 1;
        SELECT EXISTS (SELECT 1 FROM tracked_tokens WHERE {Stopped} ORDER BY updated_at DESC OFFSET @limit)
        """;

    /// <summary>Tracked tokens by their last status (-1: no snapshot yet), for the token gauge.</summary>
    public async Task<Dictionary<int, long>> CountActiveByStatusAsync(CancellationToken ct)
    {
        await using var count = dataSource.CreateCommand(CountTrackingSql);
        await using var reader = await count.ExecuteReaderAsync(ct);
        return await ReadCountsAsync(reader, ct);
    }

    /// <summary>
    /// Tracked tokens by last status, and the latest <paramref name="stoppedLimit"/> stopped ones
    /// by last status (and whether more are stopped), in one round trip and no whole-table read.
    /// </summary>
    public async Task<TokenCounts> CountByStatusAsync(int stoppedLimit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CountTrackingSql));
        foreach (var sql in CountStoppedSql.Split(';', StringSplitOptions.TrimEntries))
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("limit", stoppedLimit);
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var tracking = await ReadCountsAsync(reader, ct);
        await reader.NextResultAsync(ct);
        var stopped = await ReadCountsAsync(reader, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new TokenCounts(tracking, stopped, MoreStopped: reader.GetBoolean(0));
    }

    private static async Task<Dictionary<int, long>> ReadCountsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var counts = new Dictionary<int, long>();
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
