using Npgsql;
using NpgsqlTypes;
using Tchek.Events.StatusPoller.Audit;
using Tchek.Events.StatusPoller.Claim.Rules;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Write;

namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>How an untrack request ended.</summary>
internal enum UntrackOutcome
{
    Untracked,
    AlreadyStopped,
    NotFound,
}

/// <summary>
/// The owner of <c>tracked_tokens</c>: every statement on it is here. The hot paths are set-based,
/// one round trip each: claim due tokens, and write decisions with their events in one fenced
/// transaction (the events through <see cref="EventLog"/>). Each action an actor asks for (track,
/// untrack, erase) is recorded in <see cref="AuditLog"/> in the same transaction.
/// </summary>
internal sealed class TrackedTokens(NpgsqlDataSource dataSource, EventLog log, AuditLog audit)
{
    private const string Columns = """
        uid, external_reference, metadata::text, state, stop_reason, status, progress, last_sequence, snapshot::text,
        expired, expires_at, completed_at, next_poll_at, last_polled_at, failure_count, last_error, lease_owner,
        lease_version, created_at, updated_at, erased_at, last_success_at, poll_interval
        """;

    // Both claims: failing tokens, in due order, up to their share of the slots (@failing).
    private const string FailingSql = """
        failing AS (
            SELECT uid FROM tracked_tokens
            WHERE state = 0 AND next_poll_at <= @now AND failure_count > 0
            ORDER BY next_poll_at
            LIMIT @failing
            FOR UPDATE SKIP LOCKED)
        """;

    // Both claims: lease the failing and healthy tokens chosen, at most @max.
    private const string LeaseDueSql = $"""
        due AS (
            SELECT array_agg(uid) AS uids FROM (SELECT uid FROM failing UNION ALL SELECT uid FROM healthy LIMIT @max) AS d)
        UPDATE tracked_tokens
        SET lease_version = lease_version + 1, lease_owner = @owner, next_poll_at = @now + @lease
        WHERE uid = ANY((SELECT uids FROM due)::varchar[])
        RETURNING {Columns}
        """;

    // SKIP LOCKED: instances claiming at once take disjoint batches. The claim pushes next_poll_at
    // past the lease so nobody else finds the token due meanwhile, and bumps the version that every
    // write must still match. Failing tokens (failure_count > 0) come first, up to their own share;
    // the rest of the budget goes to the others, each set in due order. Every LIMIT is a parameter
    // and the update finds its rows by primary key: with a computed limit the planner once guessed
    // thousands of rows and hashed the whole table on every claim.
    private const string ClaimSql = $"""
        WITH {FailingSql},
        healthy AS (
            SELECT uid FROM tracked_tokens
            WHERE state = 0 AND next_poll_at <= @now AND failure_count = 0
            ORDER BY next_poll_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED),
        {LeaseDueSql}
        """;

    // The claim when the request budget binds: the healthy share goes by priority (ClaimPriority,
    // mirrored here), not in due order; failing tokens keep their share, in due order, as above.
    // Ranking every due token would sort the whole backlog on each claim. Within one planned
    // interval, priority follows the time since the last poll, which due order follows up to the
    // jitter: so each interval's earliest-due @window (from ix_tracked_tokens_due_by_interval, the
    // intervals found by skipping through it, one probe each) hold its best, and only those are
    // ranked. The work grows with the number of distinct intervals, not with the backlog. The row
    // comparisons and the two-column order fit that index alone: with "poll_interval = i" the
    // planner, not knowing i, walked the due index instead and filtered a whole backlog. Internal
    // for the plan test, which explains it over a backlog of 100,000 due tokens.
    internal const string ClaimByPrioritySql = $"""
        WITH RECURSIVE intervals AS (
            (SELECT poll_interval AS i FROM tracked_tokens
             WHERE state = 0 AND failure_count = 0 AND poll_interval IS NOT NULL
             ORDER BY poll_interval LIMIT 1)
            UNION ALL
            SELECT (SELECT poll_interval FROM tracked_tokens
                    WHERE state = 0 AND failure_count = 0 AND poll_interval > intervals.i
                    ORDER BY poll_interval LIMIT 1)
            FROM intervals WHERE intervals.i IS NOT NULL),
        candidates AS (
            SELECT c.uid FROM intervals CROSS JOIN LATERAL (
                SELECT uid FROM tracked_tokens
                WHERE state = 0 AND failure_count = 0
                  AND (poll_interval, next_poll_at) >= (intervals.i, '-infinity') AND (poll_interval, next_poll_at) <= (intervals.i, @now)
                ORDER BY poll_interval, next_poll_at
                LIMIT @window) AS c
            UNION ALL
            (SELECT uid FROM tracked_tokens
             WHERE state = 0 AND failure_count = 0 AND poll_interval IS NULL AND next_poll_at <= @now
             ORDER BY poll_interval, next_poll_at
             LIMIT @window)),
        {FailingSql},
        healthy AS (
            SELECT uid FROM tracked_tokens
            WHERE uid = ANY(ARRAY(SELECT uid FROM candidates)) AND state = 0 AND failure_count = 0 AND next_poll_at <= @now
            ORDER BY {PrioritySql} DESC, next_poll_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED),
        {LeaseDueSql}
        """;

    /// <summary>
    /// <see cref="ClaimPriority.Of"/> in SQL, over a row of <c>tracked_tokens</c> at <c>@now</c>
    /// (its default and least interval, 30 s and 1 s, as there). Internal for the test that holds the two to one order.
    /// </summary>
    internal const string PrioritySql = """
        (extract(epoch FROM @now - coalesce(last_polled_at, created_at))
         / greatest(extract(epoch FROM coalesce(poll_interval, interval '30 seconds')), 1))
        """;

    // Fenced: a writer that lost its claim (its version is stale, or tracking stopped) matches no
    // row, and its events are not appended. Only a successful poll plans an interval: a failure
    // or a stop keeps the stored one (the schedule policy's state).
    private const string WriteSql = """
        UPDATE tracked_tokens SET
            status = CASE WHEN @has_state THEN @status ELSE status END,
            snapshot = CASE WHEN @has_state AND @snapshot IS NOT NULL THEN @snapshot ELSE snapshot END,
            expired = CASE WHEN @has_state THEN @expired ELSE expired END,
            expires_at = CASE WHEN @has_state THEN @expires_at ELSE expires_at END,
            progress = @progress, last_sequence = @last_sequence,
            completed_at = @completed_at, next_poll_at = @next_poll_at,
            last_polled_at = CASE WHEN @polled THEN @at ELSE last_polled_at END,
            last_success_at = CASE WHEN @succeeded THEN @at ELSE last_success_at END,
            failure_count = @failure_count, last_error = @last_error, state = @state, stop_reason = @stop_reason,
            poll_interval = coalesce(@poll_interval, poll_interval),
            updated_at = @at
        WHERE uid = @uid AND lease_version = @lease_version AND state = 0
        """;

    /// <summary>Claims due tokens within <paramref name="budget"/> for <paramref name="lease"/>, in due order.</summary>
    public Task<List<TrackedToken>> ClaimDueAsync(ClaimBudget budget, DateTimeOffset now, TimeSpan lease, string owner, CancellationToken ct) =>
        ClaimAsync(byPriority: false, budget, now, lease, owner, ct);

    /// <summary>
    /// Claims due tokens within <paramref name="budget"/> for <paramref name="lease"/>, the healthy
    /// ones by <see cref="ClaimPriority"/>, highest first: for when the request budget binds.
    /// </summary>
    public Task<List<TrackedToken>> ClaimByPriorityAsync(ClaimBudget budget, DateTimeOffset now, TimeSpan lease, string owner, CancellationToken ct) =>
        ClaimAsync(byPriority: true, budget, now, lease, owner, ct);

    private async Task<List<TrackedToken>> ClaimAsync(bool byPriority, ClaimBudget budget, DateTimeOffset now, TimeSpan lease, string owner, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(byPriority ? ClaimByPrioritySql : ClaimSql);
        if (byPriority)
        {
            // Twice the claim per interval: room for the jitter and for rows other instances hold.
            command.Parameters.AddWithValue("window", 2L * budget.Total);
        }

        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("max", (long)budget.Total);
        command.Parameters.AddWithValue("failing", (long)budget.Failing);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("lease", lease);
        return await ReadAsync(command, budget.Total, ct);
    }

    /// <summary>
    /// Writes every decision whose claim still holds, with its events, in one transaction, and wakes
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
        var (lost, appended) = await WriteAsync(connection, transaction, writes, ct);
        await transaction.CommitAsync(ct);
        if (appended)
        {
            log.Committed();
        }

        return lost;
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

    /// <summary>
    /// Erases <paramref name="uid"/>: stops tracking it if needed (its last event, as for an
    /// untrack), forgets its snapshot and labels, and deletes its published events; events still to
    /// be published go once they are (housekeeping). The row stays as a tombstone. Idempotent.
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

        var appended = token.State == TrackingPhase.Active
            && (await WriteAsync(connection, transaction, [TokenWrite.Untrack(token, now)], ct)).Appended;
        await using (var forget = new NpgsqlCommand("""
            UPDATE tracked_tokens SET snapshot = NULL, metadata = NULL, external_reference = NULL, last_error = NULL,
                erased_at = coalesce(erased_at, @now), updated_at = @now
            WHERE uid = @uid
            """, connection, transaction))
        {
            forget.Parameters.AddWithValue("uid", uid);
            forget.Parameters.AddWithValue("now", now);
            await forget.ExecuteNonQueryAsync(ct);
        }

        await log.DeletePublishedAsync(connection, transaction, [uid], ct);
        await audit.ForgetAsync(connection, transaction, uid, ct);
        await audit.AppendAsync(connection, transaction, [new AuditEntry(now, actor, AuditActions.Erase, uid, null, "erased")], ct);
        await transaction.CommitAsync(ct);
        if (appended)
        {
            log.Committed();
        }

        return true;
    }

    /// <summary>Tokens erased since <paramref name="since"/>: their events still to be published are deleted once they are.</summary>
    public async Task<List<string>> ErasedSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand("SELECT uid FROM tracked_tokens WHERE erased_at IS NOT NULL AND erased_at >= @since");
        select.Parameters.AddWithValue("since", since);
        return await ReadUidsAsync(select, ct);
    }

    /// <summary>Up to <paramref name="limit"/> tokens whose tracking stopped before <paramref name="before"/>.</summary>
    public async Task<List<string>> StoppedBeforeAsync(DateTimeOffset before, int limit, CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand("SELECT uid FROM tracked_tokens WHERE state = 1 AND updated_at < @before ORDER BY updated_at LIMIT @limit");
        select.Parameters.AddWithValue("before", before);
        select.Parameters.AddWithValue("limit", limit);
        return await ReadUidsAsync(select, ct);
    }

    /// <summary>Deletes the rows of stopped tokens (their events must be gone first).</summary>
    public async Task<int> DeleteStoppedAsync(IReadOnlyList<string> uids, CancellationToken ct)
    {
        await using var delete = dataSource.CreateCommand("DELETE FROM tracked_tokens WHERE uid = ANY(@uids) AND state = 1");
        delete.Parameters.AddWithValue("uids", uids.ToArray());
        return await delete.ExecuteNonQueryAsync(ct);
    }

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
    /// As <see cref="InsertAsync"/>, and tells of every request whether it was new, already tracked,
    /// or ended (with its stop reason), in the same round trip. The outer select reads the table as
    /// it was before the insert: a known uid shows its own row, a new one none. A uid inserted by
    /// someone else meanwhile shows neither, and counts as already tracked (it is).
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

    private NpgsqlCommand InsertCommand(string sql, IReadOnlyList<TrackRequest> requests, DateTimeOffset now)
    {
        var insert = new NpgsqlCommand(sql);
        var p = insert.Parameters;
        p.AddWithValue("now", now);
        p.Add(new NpgsqlParameter<string[]>("uids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requests.Select(r => r.Uid)] });
        p.Add(new NpgsqlParameter<string?[]>("references", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requests.Select(r => r.ExternalReference)] });
        p.Add(new NpgsqlParameter<string?[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. requests.Select(r => r.MetadataJson)] });
        return insert;
    }

    /// <summary>The row of <paramref name="uid"/>, or null when it is not tracked.</summary>
    public async Task<TrackedToken?> FindAsync(string uid, CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand($"SELECT {Columns} FROM tracked_tokens WHERE uid = @uid");
        select.Parameters.AddWithValue("uid", uid);
        return (await ReadAsync(select, 1, ct)).SingleOrDefault();
    }

    /// <summary>
    /// A page of tokens in uid order, and whether more follow. Uid order, not <c>updated_at</c>:
    /// a uid never changes, so a walk sees every row that exists throughout it exactly once and
    /// ends, whereas polls move <c>updated_at</c> on every active token faster than a client pages.
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
    /// The statement of <see cref="ListAsync"/>, one more row than the page to tell whether more
    /// follow. Only the filters given appear in it: each has its (column, uid) index, which a
    /// catch-all <c>(@x IS NULL OR x = @x)</c> would keep the planner from using. Internal for the
    /// plan test, which explains this very statement at a million rows.
    /// </summary>
    internal static NpgsqlCommand ListCommand(TokenListFilter filter)
    {
        var select = new NpgsqlCommand();
        var conditions = new List<string>();
        void Add(string condition, string name, object value)
        {
            conditions.Add(condition);
            select.Parameters.AddWithValue(name, value);
        }

        if (filter.State is { } state)
        {
            Add("state = @state", "state", (int)state);
        }

        if (filter.Status is { } status)
        {
            Add("status = @status", "status", status);
        }

        if (filter.ExternalReference is { } reference)
        {
            Add("external_reference = @reference", "reference", reference);
        }

        if (filter.UpdatedSince is { } since)
        {
            Add("updated_at >= @since", "since", since);
        }

        if (filter.AfterUid is { } after)
        {
            Add("uid > @after", "after", after);
        }

        select.Parameters.AddWithValue("limit", filter.Limit + 1);
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
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
    private const string CountTrackingSql = "SELECT coalesce(status, -1), count(*) FROM tracked_tokens WHERE state = 0 GROUP BY 1";

    // Stopped tokens are kept for Tracking:StoppedRetention and may be millions: only the latest
    // @limit, newest first through the stopped tokens' partial index, and whether there are more.
    private const string CountStoppedSql = """
        SELECT coalesce(status, -1), count(*) FROM (
            SELECT status FROM tracked_tokens WHERE state = 1 ORDER BY updated_at DESC LIMIT @limit) AS latest
        GROUP BY 1;
        SELECT EXISTS (SELECT 1 FROM tracked_tokens WHERE state = 1 ORDER BY updated_at DESC OFFSET @limit)
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

    private static async Task<TrackedToken?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string uid, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM tracked_tokens WHERE uid = @uid FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue("uid", uid);
        return (await ReadAsync(select, 1, ct)).SingleOrDefault();
    }

    private static async Task<List<string>> ReadUidsAsync(NpgsqlCommand select, CancellationToken ct)
    {
        var uids = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            uids.Add(reader.GetString(0));
        }

        return uids;
    }

    private async Task<(List<TokenWrite> Lost, bool Appended)> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TokenWrite> writes, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var write in writes)
        {
            batch.BatchCommands.Add(WriteCommand(write));
        }

        await batch.ExecuteNonQueryAsync(ct);
        var lost = new List<TokenWrite>();
        var events = new List<(Contracts.TokenEvent, System.Diagnostics.ActivityContext)>();
        for (var i = 0; i < writes.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected == 0)
            {
                lost.Add(writes[i]);
            }
            else
            {
                foreach (var evt in writes[i].Decision.Events)
                {
                    events.Add((evt, writes[i].Trace));
                }
            }
        }

        if (events.Count > 0)
        {
            await log.AppendAsync(connection, transaction, events, ct);
        }

        return (lost, events.Count > 0);
    }

    private static NpgsqlBatchCommand WriteCommand(TokenWrite write)
    {
        var (claim, decision, at) = write;
        var state = decision.State;
        var snapshot = state?.Snapshot;
        var plan = decision.Plan;
        var command = new NpgsqlBatchCommand(WriteSql);
        var p = command.Parameters;
        p.AddWithValue("uid", claim.Uid);
        p.AddWithValue("lease_version", claim.LeaseVersion);
        p.AddWithValue("has_state", state is not null);
        p.Add(new NpgsqlParameter<int?>("status", NpgsqlDbType.Integer) { TypedValue = snapshot?.Status });
        p.AddWithValue("progress", state?.Progress ?? claim.Progress);
        p.AddWithValue("last_sequence", state?.LastSequence ?? claim.LastSequence + decision.Events.Count);
        p.Add(new NpgsqlParameter<string?>("snapshot", NpgsqlDbType.Jsonb) { TypedValue = decision.SnapshotChanged ? snapshot?.TokenJson : null });
        p.Add(new NpgsqlParameter<bool?>("expired", NpgsqlDbType.Boolean) { TypedValue = snapshot?.Expired });
        p.Add(new NpgsqlParameter<DateTimeOffset?>("expires_at", NpgsqlDbType.TimestampTz) { TypedValue = snapshot?.ExpiresAt });
        p.Add(new NpgsqlParameter<DateTimeOffset?>("completed_at", NpgsqlDbType.TimestampTz) { TypedValue = plan.CompletedAt });
        p.Add(new NpgsqlParameter<DateTimeOffset?>("next_poll_at", NpgsqlDbType.TimestampTz) { TypedValue = plan.NextPollAt });
        p.AddWithValue("polled", decision.Outcome != PollOutcome.Untracked);
        p.AddWithValue("succeeded", decision.Outcome is PollOutcome.Changed or PollOutcome.Unchanged);
        p.AddWithValue("at", at);
        p.AddWithValue("failure_count", plan.FailureCount);
        p.Add(new NpgsqlParameter<string?>("last_error", NpgsqlDbType.Varchar) { TypedValue = Truncate(plan.LastError, 1024) });
        p.AddWithValue("state", (int)(plan.Stops ? TrackingPhase.Stopped : TrackingPhase.Active));
        p.Add(new NpgsqlParameter<string?>("stop_reason", NpgsqlDbType.Varchar) { TypedValue = plan.StopReason });
        p.Add(new NpgsqlParameter<TimeSpan?>("poll_interval", NpgsqlDbType.Interval) { TypedValue = plan.Interval });
        return command;
    }

    private static async Task<List<TrackedToken>> ReadAsync(NpgsqlCommand command, int capacity, CancellationToken ct)
    {
        var rows = new List<TrackedToken>(capacity);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new TrackedToken
            {
                Uid = reader.GetString(0),
                ExternalReference = reader.IsDBNull(1) ? null : reader.GetString(1),
                Metadata = reader.IsDBNull(2) ? null : reader.GetString(2),
                State = (TrackingPhase)reader.GetInt32(3),
                StopReason = reader.IsDBNull(4) ? null : reader.GetString(4),
                Status = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                Progress = reader.GetInt32(6),
                LastSequence = reader.GetInt64(7),
                Snapshot = reader.IsDBNull(8) ? null : reader.GetString(8),
                Expired = reader.GetBoolean(9),
                ExpiresAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                CompletedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                NextPollAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                LastPolledAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                FailureCount = reader.GetInt32(14),
                LastError = reader.IsDBNull(15) ? null : reader.GetString(15),
                LeaseOwner = reader.IsDBNull(16) ? null : reader.GetString(16),
                LeaseVersion = reader.GetInt64(17),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(18),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(19),
                ErasedAt = reader.IsDBNull(20) ? null : reader.GetFieldValue<DateTimeOffset>(20),
                LastSuccessAt = reader.IsDBNull(21) ? null : reader.GetFieldValue<DateTimeOffset>(21),
                PollInterval = reader.IsDBNull(22) ? null : reader.GetFieldValue<TimeSpan>(22),
            });
        }

        return rows;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
