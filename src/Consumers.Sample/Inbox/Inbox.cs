namespace Tchek.Events.Consumers.Sample.Inbox;

/// <summary>What happened to one delivery.</summary>
internal enum InboxOutcome
{
    /// <summary>First time: the effect ran and committed with the inbox row.</summary>
    Processed,

    /// <summary>Seen before (same EventId): nothing ran.</summary>
    Duplicate,

    /// <summary>An event of a token already erased (a late redelivery): nothing ran, so nothing of it comes back.</summary>
    Erased,
}

/// <summary>
/// A PostgreSQL inbox: a delivery's effect and its processed record, keyed by (consumer, EventId),
/// commit in one transaction, so a redelivery changes nothing. It also tracks sequences and gaps.
/// On <see cref="TokenErased"/> it forgets the token with the consumer's effect: its own rows of the
/// token go, and only the uid stays (<c>erased_tokens</c>), so a late delivery brings nothing back.
/// </summary>
internal sealed partial class Inbox(NpgsqlDataSource dataSource, ILogger<Inbox> logger)
{
    public async Task<InboxOutcome> ProcessAsync(
        string consumer, ITokenEvent evt, Func<NpgsqlConnection, CancellationToken, Task> effect, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await IsErasedAsync(connection, transaction, consumer, evt.TokenUid, ct))
        {
            return InboxOutcome.Erased;
        }

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

        if (evt is TokenErased)
        {
            // The last word on the token: a gap before it is the erase's, not to be caught up.
            await effect(connection, ct);
            await ForgetAsync(connection, transaction, consumer, evt.TokenUid, ct);
        }
        else
        {
            await CheckSequenceAsync(connection, transaction, consumer, evt, ct);
            await effect(connection, ct);
        }

        await transaction.CommitAsync(ct);
        return InboxOutcome.Processed;
    }

    private static async Task<bool> IsErasedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, string uid, CancellationToken ct)
    {
        await using var erased = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM erased_tokens WHERE consumer = @c AND token_uid = @uid)", connection, transaction);
        erased.Parameters.AddWithValue("c", consumer);
        erased.Parameters.AddWithValue("uid", uid);
        return (bool)(await erased.ExecuteScalarAsync(ct))!;
    }

    // The inbox's own rows of the token (its events' ids and sequences, its cursor, its gaps) go; the uid stays.
    private static async Task ForgetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, string uid, CancellationToken ct)
    {
        await using var forget = new NpgsqlCommand("""
            DELETE FROM inbox WHERE consumer = @c AND token_uid = @uid;
            DELETE FROM token_cursors WHERE consumer = @c AND token_uid = @uid;
            DELETE FROM sequence_gaps WHERE consumer = @c AND token_uid = @uid;
            INSERT INTO erased_tokens (consumer, token_uid) VALUES (@c, @uid) ON CONFLICT DO NOTHING;
            """, connection, transaction);
        forget.Parameters.AddWithValue("c", consumer);
        forget.Parameters.AddWithValue("uid", uid);
        await forget.ExecuteNonQueryAsync(ct);
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
