using Npgsql;
using NpgsqlTypes;
using Tchek.Events.StatusPoller.Outbox;

namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// The poller's hot paths, set-based and one round trip each: claim due tokens, and write poll
/// outcomes with their events in one fenced transaction.
/// </summary>
internal sealed class TokenStore(NpgsqlDataSource dataSource)
{
    public const string EventsChannel = "token_events";

    // SKIP LOCKED: instances claiming at once take disjoint batches. The claim pushes next_poll_at
    // past the lease so nobody else finds the token due meanwhile, and bumps the version that every
    // write must still match.
    private const string ClaimSql = """
        WITH due AS (
            SELECT uid FROM tracked_tokens
            WHERE state = 0 AND next_poll_at <= @now
            ORDER BY next_poll_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE tracked_tokens t
        SET lease_version = t.lease_version + 1, lease_owner = @owner, next_poll_at = @now + @lease
        FROM due WHERE t.uid = due.uid
        RETURNING t.uid, t.lease_version, t.snapshot::text, t.progress, t.last_sequence, t.failure_count, t.completed_at
        """;

    // The events are inserted only if the fenced update matched: a writer that lost its claim
    // writes nothing at all. created_at is the insert's own time, as close to the commit as SQL
    // gets, so commit-to-publish latency measures the relay and nothing before it.
    private const string WriteSql = """
        WITH fenced AS (
            UPDATE tracked_tokens SET
                status = CASE WHEN @has_state THEN @status ELSE status END,
                snapshot = CASE WHEN @has_state AND @snapshot IS NOT NULL THEN @snapshot ELSE snapshot END,
                expired = CASE WHEN @has_state THEN @expired ELSE expired END,
                expires_at = CASE WHEN @has_state THEN @expires_at ELSE expires_at END,
                progress = @progress, last_sequence = @last_sequence,
                completed_at = @completed_at, next_poll_at = @next_poll_at, last_polled_at = @polled_at,
                failure_count = @failure_count, last_error = @last_error, state = @state, stop_reason = @stop_reason,
                updated_at = @polled_at
            WHERE uid = @uid AND lease_version = @lease_version AND state = 0
            RETURNING uid),
        inserted AS (
            INSERT INTO token_events (event_id, uid, sequence, type, payload, occurred_at, created_at)
            SELECT e.event_id, @uid, e.sequence, e.type, e.payload, e.occurred_at, clock_timestamp()
            FROM unnest(@event_ids, @sequences, @types, @payloads, @occurred) AS e(event_id, sequence, type, payload, occurred_at)
            WHERE EXISTS (SELECT 1 FROM fenced)
            RETURNING 1)
        SELECT count(*)::int FROM fenced
        """;

    public async Task<List<ClaimedToken>> ClaimDueAsync(int max, DateTimeOffset now, TimeSpan lease, string owner, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("max", max);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("lease", lease);
        var claimed = new List<ClaimedToken>(max);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedToken(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3),
                reader.GetInt64(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return claimed;
    }

    /// <summary>
    /// Writes every outcome whose claim still holds, with its events, in one transaction, and wakes
    /// the relay on commit. Returns the writes that were refused because their claim was lost.
    /// </summary>
    public async Task<List<TokenWrite>> WriteAsync(IReadOnlyList<TokenWrite> writes, CancellationToken ct)
    {
        if (writes.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var write in writes)
        {
            batch.BatchCommands.Add(WriteCommand(write));
        }

        var anyEvents = writes.Any(w => w.Events.Count > 0);
        if (anyEvents)
        {
            // Delivered on commit only, so a rolled-back write wakes nobody.
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{EventsChannel}', '')"));
        }

        var lost = new List<TokenWrite>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            foreach (var write in writes)
            {
                await reader.ReadAsync(ct);
                if (reader.GetInt32(0) == 0)
                {
                    lost.Add(write);
                }

                await reader.NextResultAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
        return lost;
    }

    private static NpgsqlBatchCommand WriteCommand(TokenWrite write)
    {
        var claim = write.Claim;
        var state = write.State;
        var snapshot = state?.Snapshot;
        var plan = write.Plan;
        var events = write.Events;
        var command = new NpgsqlBatchCommand(WriteSql);
        var p = command.Parameters;
        p.AddWithValue("uid", claim.Uid);
        p.AddWithValue("lease_version", claim.LeaseVersion);
        p.AddWithValue("has_state", state is not null);
        p.Add(new NpgsqlParameter<int?>("status", NpgsqlDbType.Integer) { TypedValue = snapshot?.Status });
        p.AddWithValue("progress", state?.Progress ?? claim.Progress);
        p.AddWithValue("last_sequence", state?.LastSequence ?? claim.LastSequence + events.Count);
        p.Add(new NpgsqlParameter<string?>("snapshot", NpgsqlDbType.Jsonb) { TypedValue = write.SnapshotChanged ? snapshot?.TokenJson : null });
        p.Add(new NpgsqlParameter<bool?>("expired", NpgsqlDbType.Boolean) { TypedValue = snapshot?.Expired });
        p.Add(new NpgsqlParameter<DateTimeOffset?>("expires_at", NpgsqlDbType.TimestampTz) { TypedValue = snapshot?.ExpiresAt });
        p.Add(new NpgsqlParameter<DateTimeOffset?>("completed_at", NpgsqlDbType.TimestampTz) { TypedValue = plan.CompletedAt });
        p.Add(new NpgsqlParameter<DateTimeOffset?>("next_poll_at", NpgsqlDbType.TimestampTz) { TypedValue = plan.NextPollAt });
        p.AddWithValue("polled_at", write.PolledAt);
        p.AddWithValue("failure_count", plan.FailureCount);
        p.Add(new NpgsqlParameter<string?>("last_error", NpgsqlDbType.Varchar) { TypedValue = Truncate(plan.LastError, 1024) });
        p.AddWithValue("state", (int)(plan.Stops ? TrackingState.Stopped : TrackingState.Active));
        p.Add(new NpgsqlParameter<string?>("stop_reason", NpgsqlDbType.Varchar) { TypedValue = plan.StopReason });
        p.Add(new NpgsqlParameter<Guid[]>("event_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. events.Select(e => e.EventId)] });
        p.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. events.Select(e => e.Sequence)] });
        p.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. events.Select(EventSerialization.TypeName)] });
        p.Add(new NpgsqlParameter<string[]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = [.. events.Select(EventSerialization.Serialize)] });
        p.Add(new NpgsqlParameter<DateTimeOffset[]>("occurred", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. events.Select(e => e.OccurredAt)] });
        return command;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
