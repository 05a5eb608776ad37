namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// Which instance holds the outbox relay: the session holding <see cref="OutboxRelay.LeaderLockKey"/>, named by its
/// connection's application name (the instance id; PostgreSQL keeps at most 63 bytes of it).
/// </summary>
internal sealed class RelayLeadership(NpgsqlDataSource dataSource)
{
    // A bigint advisory key shows in pg_locks as two oids: its high and low 32 bits (objsubid 1).
    private const string HolderSql = """
        SELECT a.application_name
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = @high AND l.objid::bigint = @low
        """;

    /// <summary>The holder's instance id, or null when no instance holds the relay.</summary>
    public async Task<string?> HolderAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(HolderSql);
        command.Parameters.AddWithValue("high", (long)((ulong)OutboxRelay.LeaderLockKey >> 32));
        command.Parameters.AddWithValue("low", OutboxRelay.LeaderLockKey & 0xFFFF_FFFFL);
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
