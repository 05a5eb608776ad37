using NpgsqlTypes;

namespace Tchek.Events.StatusPoller.Audit;

/// <summary>
/// The owner of <c>audit_log</c>. An action's entries commit in its own transaction; a refusal or a
/// sign-in appends one on its own; polls are never recorded.
/// </summary>
internal sealed partial class AuditLog(NpgsqlDataSource dataSource, ILogger<AuditLog> logger)
{
    private const string InsertSql = """
        INSERT INTO audit_log (at, actor, channel, action, uid, detail, outcome, client_address)
        SELECT * FROM unnest(@at, @actor, @channel, @action, @uid, @detail, @outcome, @client)
        """;

    /// <summary>Appends <paramref name="entries"/> in the caller's transaction: one statement whatever their number.</summary>
    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
        Bind(insert, entries);
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Appends one entry on its own (a refusal, a sign-in, a replay). A failure is logged, never
    /// thrown: the answer to the request it records is already decided.
    /// </summary>
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        try
        {
            await using var insert = dataSource.CreateCommand(InsertSql);
            Bind(insert, [entry]);
            await insert.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogAppendFailed(ex, entry.Action, entry.Actor.Channel, entry.Outcome);
        }
    }

    /// <summary>
    /// Forgets the personal part of <paramref name="uid"/>'s entries, in an erasure's transaction:
    /// the detail (an external reference given when tracking). The uid, actors and outcomes stay.
    /// </summary>
    public async Task ForgetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string uid, CancellationToken ct)
    {
        await using var update = new NpgsqlCommand("UPDATE audit_log SET detail = NULL WHERE uid = @uid AND detail IS NOT NULL", connection, transaction);
        update.Parameters.AddWithValue("uid", uid);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A page, newest first, and whether more follow.</summary>
    public async Task<(List<AuditLogRow> Entries, bool More)> ListAsync(AuditFilter filter, CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand();
        var where = new SqlConditions(select.Parameters)
            .Add(filter.Actor, "actor = @actor", "actor")
            .Add(filter.Action, "action = @action", "action")
            .Add(filter.Uid, "uid = @uid", "uid")
            .Add(filter.BeforeId, "id < @before", "before");
        select.Parameters.AddWithValue("limit", filter.Limit + 1);
        select.CommandText = $"""
            SELECT id, at, actor, channel, action, uid, detail, outcome, client_address FROM audit_log
            {where}
            ORDER BY id DESC LIMIT @limit
            """;
        var rows = new List<AuditLogRow>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new AuditLogRow
            {
                Id = reader.GetInt64(0),
                At = reader.GetFieldValue<DateTimeOffset>(1),
                Actor = reader.GetString(2),
                Channel = reader.GetString(3),
                Action = reader.GetString(4),
                Uid = reader.IsDBNull(5) ? null : reader.GetString(5),
                Detail = reader.IsDBNull(6) ? null : reader.GetString(6),
                Outcome = reader.GetString(7),
                ClientAddress = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        var more = rows.Count > filter.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return (rows, more);
    }

    /// <summary>Deletes entries older than <paramref name="before"/>, at most 10,000 a call (housekeeping calls again next pass).</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var delete = dataSource.CreateCommand("""
            DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < @before LIMIT 10000)
            """);
        delete.Parameters.AddWithValue("before", before);
        return await delete.ExecuteNonQueryAsync(ct);
    }

    private static void Bind(NpgsqlCommand command, IReadOnlyList<AuditEntry> entries)
    {
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<DateTimeOffset[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. entries.Select(e => e.At)] });
        p.Add(Text("actor", entries.Select(e => Clip(e.Actor.Name, 128))));
        p.Add(Text("channel", entries.Select(e => e.Actor.Channel)));
        p.Add(Text("action", entries.Select(e => e.Action)));
        p.Add(Text("uid", entries.Select(e => e.Uid)));
        p.Add(Text("detail", entries.Select(e => Clip(e.Detail, 512))));
        p.Add(Text("outcome", entries.Select(e => e.Outcome)));
        p.Add(Text("client", entries.Select(e => Clip(e.Actor.ClientAddress, 64))));
    }

    private static NpgsqlParameter<string?[]> Text(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. values] };

    private static string? Clip(string? text, int max) => text is { Length: > 0 } t && t.Length > max ? t[..max] : text;

    [LoggerMessage(LogLevel.Warning, "Audit entry not recorded: {Action} on {Channel}, {Outcome}")]
    private partial void LogAppendFailed(Exception ex, string action, string channel, string outcome);
}
