namespace Tchek.Events.Consumers.Sample.Inbox;

/// <summary>What happened to one delivery.</summary>
internal enum InboxOutcome
{
    /// <summary>First time: the effect ran and committed with the inbox row.</summary>
    Processed,

    /// <summary>Seen before (same EventId): nothing ran.</summary>
    Duplicate,
}

/// <summary>
/// A PostgreSQL inbox: a delivery's effect and its processed record, keyed by (consumer, EventId),
/// commit in one transaction, so a redelivery changes nothing. It also tracks sequences and gaps.
/// </summary>
internal sealed partial class Inbox(NpgsqlDataSource dataSource, ILogger<Inbox> logger)
{
    public async Task<InboxOutcome> ProcessAsync(
        string consumer, ITokenEvent evt, Func<NpgsqlConnection, CancellationToken, Task> effect, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO inbox (consumer, event_id, token_uid, sequence) VALUES (@c, @id, @uid, @seq) ON CONFLICT DO NOTHING", connection, transaction))
        {
            claim.Parameters.AddWithValue("c", consumer);
            claim.Parameters.AddWithValue("id", evt.EventId);
            claim.Parameters.AddWithValue("uid", evt.TokenUid);
            claim.Parameters.AddWithValue("seq", evt.Sequence);
            if (await claim.ExecuteNonQueryAsync(ct) == 0)
            {
                return InboxOutcome.Duplicate;
            }
        }

        await CheckSequenceAsync(connection, transaction, consumer, evt, ct);
        await effect(connection, ct);
        await transaction.CommitAsync(ct);
        return InboxOutcome.Processed;
    }

    private async Task CheckSequenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, ITokenEvent evt, CancellationToken ct)
    {
        await using var cursor = new NpgsqlCommand("""
            WITH previous AS (SELECT last_sequence FROM token_cursors WHERE consumer = @c AND token_uid = @uid FOR UPDATE)
            SELECT coalesce((SELECT last_sequence FROM previous), 0)
            """, connection, transaction);
        cursor.Parameters.AddWithValue("c", consumer);
        cursor.Parameters.AddWithValue("uid", evt.TokenUid);
        var last = (long)(await cursor.ExecuteScalarAsync(ct))!;
        if (evt.Sequence > last + 1)
        {
            LogGap(consumer, evt.TokenUid, last + 1, evt.Sequence, evt.Sequence - 1, last);
            await using var gap = new NpgsqlCommand(
                "INSERT INTO sequence_gaps (consumer, token_uid, expected, received) VALUES (@c, @uid, @expected, @received)", connection, transaction);
            gap.Parameters.AddWithValue("c", consumer);
            gap.Parameters.AddWithValue("uid", evt.TokenUid);
            gap.Parameters.AddWithValue("expected", last + 1);
            gap.Parameters.AddWithValue("received", evt.Sequence);
            await gap.ExecuteNonQueryAsync(ct);
        }

        await using var advance = new NpgsqlCommand("""
            INSERT INTO token_cursors (consumer, token_uid, last_sequence) VALUES (@c, @uid, @seq)
            ON CONFLICT (consumer, token_uid) DO UPDATE SET last_sequence = greatest(token_cursors.last_sequence, excluded.last_sequence)
            """, connection, transaction);
        advance.Parameters.AddWithValue("c", consumer);
        advance.Parameters.AddWithValue("uid", evt.TokenUid);
        advance.Parameters.AddWithValue("seq", evt.Sequence);
        await advance.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "{Consumer}: token {TokenUid}: expected event #{Expected}, received #{Received}; #{Expected} to #{LastMissing} have not arrived (yet); the poller's GET /tokens/{TokenUid}/events?after={After} has them, or a replay sends them again")]
    private partial void LogGap(string consumer, string tokenUid, long expected, long received, long lastMissing, long after);
}
