using NpgsqlTypes;

namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>How an untrack request ended.</summary>
internal enum UntrackOutcome
{
    Untracked,
    AlreadyStopped,
    NotFound,
}

internal sealed partial class TrackedTokens
{
    // New tokens are due at once; a uid already known (tracking, or ended) is left as it is.
    private const string InsertSql = """
        INSERT INTO tracked_tokens (uid, external_reference, metadata, state, progress, last_sequence, expired,
                                    next_poll_at, failure_count, lease_version, created_at, updated_at)
        SELECT r.uid, r.reference, r.metadata::jsonb, 0, 0, 0, false, @now, 0, 0, @now, @now
        FROM unnest(@uids, @references, @metadata) AS r(uid, reference, metadata)
        ON CONFLICT (uid) DO NOTHING
        RETURNING uid
        """;

    /// <summary>Starts tracking every token of <paramref name="requests"/> not tracked yet, due at once. Returns the uids that were new.</summary>
    public async Task<HashSet<string>> InsertAsync(IReadOnlyList<TrackRequest> requests, DateTimeOffset now, Actor actor, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = InsertCommand(InsertSql, requests, now);
        (insert.Connection, insert.Transaction) = (connection, transaction);
        var created = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                created.Add(reader.GetString(0));
            }
        }

        await audit.AppendAsync(connection, transaction, [.. requests.Select(r => new AuditEntry(
            now, actor, AuditActions.Track, r.Uid, Detail(r), created.Contains(r.Uid) ? "created" : "known"))], ct);
        await transaction.CommitAsync(ct);
        return created;
    }

    /// <summary>
    /// As <see cref="InsertAsync"/>, and tells of every request whether it was new, already tracked, or ended (with its
    /// stop reason), in the same round trip. A uid inserted by someone else meanwhile counts as already tracked.
    /// </summary>
    public async Task<List<(string Uid, TrackOutcome Outcome, string? StopReason)>> InsertEachAsync(
        IReadOnlyList<TrackRequest> requests, DateTimeOffset now, Actor actor, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = InsertCommand($"""
            WITH inserted AS ({InsertSql})
            SELECT r.uid, i.uid IS NOT NULL, t.state, t.stop_reason
            FROM unnest(@uids) WITH ORDINALITY AS r(uid, n)
            LEFT JOIN inserted AS i ON i.uid = r.uid
            LEFT JOIN tracked_tokens AS t ON t.uid = r.uid
            ORDER BY r.n
            """, requests, now);
        (insert.Connection, insert.Transaction) = (connection, transaction);
        var outcomes = new List<(string Uid, TrackOutcome Outcome, string? StopReason)>(requests.Count);
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var outcome = reader.GetBoolean(1) ? TrackOutcome.Created
                    : !reader.IsDBNull(2) && (TrackingPhase)reader.GetInt32(2) == TrackingPhase.Stopped ? TrackOutcome.Stopped
                    : TrackOutcome.AlreadyTracked;
                outcomes.Add((reader.GetString(0), outcome, reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        await audit.AppendAsync(connection, transaction, [.. requests.Zip(outcomes, (r, o) => new AuditEntry(
            now, actor, AuditActions.Track, r.Uid, Detail(r), Outcome(o.Outcome)))], ct);
        await transaction.CommitAsync(ct);
        return outcomes;
    }

    private static NpgsqlCommand InsertCommand(string sql, IReadOnlyList<TrackRequest> requests, DateTimeOffset now)
    {
        var insert = new NpgsqlCommand(sql);
        var p = insert.Parameters;
        p.AddWithValue("now", now);
        p.Add(new NpgsqlParameter<string[]>("uids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requests.Select(r => r.Uid)] });
        p.Add(new NpgsqlParameter<string?[]>("references", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requests.Select(r => r.ExternalReference)] });
        p.Add(new NpgsqlParameter<string?[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requests.Select(r => r.MetadataJson)] });
        return insert;
    }

    /// <summary>
    /// Stops tracking <paramref name="uid"/>: its last event is <c>TokenTrackingStopped</c>
    /// (Untracked), written with the state change through the same fenced write as a poll's.
    /// </summary>
    public async Task<UntrackOutcome> UntrackAsync(string uid, DateTimeOffset now, Actor actor, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var token = await LockAsync(connection, transaction, uid, ct);
        var outcome = token is null ? UntrackOutcome.NotFound
            : token.State == TrackingPhase.Stopped ? UntrackOutcome.AlreadyStopped
            : UntrackOutcome.Untracked;
        // The row is locked and its version read under the lock: the fence holds.
        var appended = outcome == UntrackOutcome.Untracked
            && (await WriteAsync(connection, transaction, [TokenWrite.Untrack(token!, now)], ct)).Appended;
        await audit.AppendAsync(connection, transaction, [new AuditEntry(now, actor, AuditActions.Untrack, uid, null, Outcome(outcome))], ct);
        await transaction.CommitAsync(ct);
        if (appended)
        {
            log.Committed();
        }

        return outcome;
    }

    /// <summary>
    /// Erases <paramref name="uid"/>: stops tracking it if needed, forgets its snapshot and labels, and replaces its
    /// events with one <see cref="TokenErased"/> (see <see cref="Erasure"/>) that tells subscribers to forget it too:
    /// its published events go at once, those still to publish are dropped unpublished, and the <c>TokenErased</c> goes
    /// once published. The row stays as a tombstone. Idempotent: a second erase publishes nothing.
    /// </summary>
    /// <returns>False when the token is unknown.</returns>
    public async Task<bool> EraseAsync(string uid, DateTimeOffset now, Actor actor, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var token = await LockAsync(connection, transaction, uid, ct);
        if (token is null)
        {
            await audit.AppendAsync(connection, transaction, [new AuditEntry(now, actor, AuditActions.Erase, uid, null, "not-found")], ct);
            await transaction.CommitAsync(ct);
            return false;
        }

        var erased = Erasure.Event(uid, token.LastSequence, token.Status, token.ErasedAt is not null, now);
        // The row is locked, and stopping it refuses the fenced write of any poll still in flight. An active token
        // stops as if untracked (the tombstone's stop reason), but subscribers hear TokenErased, not TokenTrackingStopped.
        await using (var forget = new NpgsqlCommand($"""
            UPDATE tracked_tokens SET
                stop_reason = CASE WHEN {Active} THEN @untracked ELSE stop_reason END, state = @stopped, next_poll_at = NULL,
                last_sequence = @last_sequence, snapshot = NULL, metadata = NULL, external_reference = NULL, last_error = NULL,
                erased_at = coalesce(erased_at, @now), updated_at = @now
            WHERE uid = @uid
            """, connection, transaction))
        {
            forget.Parameters.AddWithValue("uid", uid);
            forget.Parameters.AddWithValue("untracked", TrackingStopReasons.Untracked);
            forget.Parameters.AddWithValue("stopped", (int)TrackingPhase.Stopped);
            forget.Parameters.AddWithValue("last_sequence", erased?.Sequence ?? token.LastSequence);
            forget.Parameters.AddWithValue("now", now);
            await forget.ExecuteNonQueryAsync(ct);
        }

        await log.DeleteTokenAsync(connection, transaction, uid, includingUnpublished: erased is not null, ct);
        if (erased is not null)
        {
            await log.AppendAsync(connection, transaction, [(erased, TraceContext.Current())], ct);
        }

        await audit.ForgetAsync(connection, transaction, uid, ct);
        await audit.AppendAsync(connection, transaction, [new AuditEntry(now, actor, AuditActions.Erase, uid, null, "erased")], ct);
        await transaction.CommitAsync(ct);
        if (erased is not null)
        {
            log.Committed();
        }

        return true;
    }

    private static string Outcome(UntrackOutcome outcome) => outcome switch
    {
        UntrackOutcome.Untracked => "untracked",
        UntrackOutcome.AlreadyStopped => "already-stopped",
        _ => "not-found",
    };

    private static string Outcome(TrackOutcome outcome) => outcome switch
    {
        TrackOutcome.Created => "created",
        TrackOutcome.AlreadyTracked => "already-tracked",
        _ => "refused-stopped",
    };

    private static string? Detail(TrackRequest request) =>
        request.ExternalReference is { } reference ? $"externalReference={reference}" : null;

    private static async Task<TrackedToken?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string uid, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM tracked_tokens WHERE uid = @uid FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue("uid", uid);
        return (await ReadAsync(select, 1, ct)).SingleOrDefault();
    }
}
