using System.Diagnostics;
using NpgsqlTypes;

namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// The owner of <c>token_events</c>, the event log that is also the outbox. Events are appended in the fenced write's
/// transaction and wake the relay on commit (NOTIFY, and <see cref="OutboxSignal"/> locally).
/// </summary>
internal sealed class EventLog(NpgsqlDataSource dataSource, OutboxSignal signal)
{
    private const string Channel = "token_events";

    private const string Columns = "id, event_id, uid, sequence, type, payload::text, occurred_at, created_at, published_at, trace_parent, trace_state, replay_count, last_replayed_at";

    // created_at is the insert's own time, as close to the commit as SQL gets, so commit-to-publish
    // latency measures the relay and nothing before it. Ordinality keeps each token's events in
    // sequence order in id, which is the order the relay publishes in.
    private const string AppendSql = """
        INSERT INTO token_events (event_id, uid, sequence, type, payload, occurred_at, created_at, trace_parent, trace_state)
        SELECT e.event_id, e.uid, e.sequence, e.type, e.payload, e.occurred_at, clock_timestamp(), e.trace_parent, e.trace_state
        FROM unnest(@event_ids, @uids, @sequences, @types, @payloads, @occurred, @trace_parents, @trace_states) WITH ORDINALITY
            AS e(event_id, uid, sequence, type, payload, occurred_at, trace_parent, trace_state, ord)
        ORDER BY e.ord
        """;

    // Events read but not yet marked (in flight, or confirmed and waiting for their mark) are
    // excluded. The partial index on unpublished ids keeps this a range scan however long the log.
    private const string PendingSql = $"""
        SELECT {Columns} FROM token_events
        WHERE published_at IS NULL AND id <> ALL(@exclude)
        ORDER BY id LIMIT @limit
        """;

    /// <summary>
    /// Appends <paramref name="events"/> in <paramref name="transaction"/>, each with the context of its writer's span,
    /// and asks PostgreSQL to wake every relay at commit. Call <see cref="Committed"/> after the commit.
    /// </summary>
    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(ITokenEvent Event, ActivityContext Trace)> events, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var append = new NpgsqlBatchCommand(AppendSql);
        var p = append.Parameters;
        p.Add(new NpgsqlParameter<Guid[]>("event_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. events.Select(e => e.Event.EventId)] });
        p.Add(new NpgsqlParameter<string[]>("uids", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. events.Select(e => e.Event.TokenUid)] });
        p.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. events.Select(e => e.Event.Sequence)] });
        p.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. events.Select(e => EventSerialization.TypeName(e.Event))] });
        p.Add(new NpgsqlParameter<string[]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = [.. events.Select(e => EventSerialization.Serialize(e.Event))] });
        p.Add(new NpgsqlParameter<DateTimeOffset[]>("occurred", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. events.Select(e => e.Event.OccurredAt)] });
        p.Add(new NpgsqlParameter<string?[]>("trace_parents", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. events.Select(e => TraceContext.TraceParent(e.Trace))] });
        p.Add(new NpgsqlParameter<string?[]>("trace_states", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. events.Select(e => TraceContext.TraceState(e.Trace))] });
        batch.BatchCommands.Add(append);
        // Delivered on commit only, so a rolled-back write wakes nobody.
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', '')"));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Events were just committed on this instance: wake its relay without waiting for the NOTIFY.</summary>
    public void Committed() => signal.Set();

    /// <summary>Listens for appends committed by any instance on <paramref name="connection"/> (the relay's own), waking the relay on each.</summary>
    public async Task ListenAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        connection.Notification += (_, _) => signal.Set();
        await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
        await listen.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The oldest unpublished events, in commit order, but those in <paramref name="exclude"/>.</summary>
    public Task<List<StoredEvent>> ReadPendingAsync(long[] exclude, int limit, CancellationToken ct) =>
        ReadAsync(PendingSql, p =>
        {
            p.AddWithValue("exclude", exclude);
            p.AddWithValue("limit", limit);
        }, ct);

    /// <summary>Marks events published, each with its own confirm time: <c>published_at - created_at</c> is that event's commit-to-confirm latency.</summary>
    public async Task MarkPublishedAsync(IReadOnlyList<(long Id, DateTimeOffset At)> confirmed, CancellationToken ct)
    {
        await using var mark = dataSource.CreateCommand("""
            UPDATE token_events t SET published_at = c.at
            FROM unnest(@ids, @ats) AS c(id, at)
            WHERE t.id = c.id AND t.published_at IS NULL
            """);
        mark.Parameters.AddWithValue("ids", confirmed.Select(c => c.Id).ToArray());
        mark.Parameters.AddWithValue("ats", confirmed.Select(c => c.At).ToArray());
        await mark.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Counts a replay of each event in <paramref name="confirmed"/> at its own confirm time. Replays that overlap (two
    /// instances) add up, and the last time is the latest.
    /// </summary>
    public async Task MarkReplayedAsync(IReadOnlyList<(long Id, DateTimeOffset At)> confirmed, CancellationToken ct)
    {
        if (confirmed.Count == 0)
        {
            return;
        }

        await using var mark = dataSource.CreateCommand("""
            UPDATE token_events t SET replay_count = t.replay_count + 1, last_replayed_at = greatest(t.last_replayed_at, c.at)
            FROM unnest(@ids, @ats) AS c(id, at)
            WHERE t.id = c.id
            """);
        mark.Parameters.AddWithValue("ids", confirmed.Select(c => c.Id).ToArray());
        mark.Parameters.AddWithValue("ats", confirmed.Select(c => c.At).ToArray());
        await mark.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// When each of <paramref name="uids"/> last changed: the <c>OccurredAt</c> of its highest-sequence event, read in
    /// one statement from the (uid, sequence) index. A uid without events is absent.
    /// </summary>
    public async Task<Dictionary<string, DateTimeOffset>> LastEventTimesAsync(IReadOnlyList<string> uids, CancellationToken ct)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (uids.Count == 0)
        {
            return times;
        }

        await using var select = dataSource.CreateCommand("""
            SELECT u.uid, e.occurred_at FROM unnest(@uids) AS u(uid)
            CROSS JOIN LATERAL (SELECT occurred_at FROM token_events WHERE uid = u.uid ORDER BY sequence DESC LIMIT 1) AS e
            """);
        select.Parameters.AddWithValue("uids", uids.ToArray());
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            times[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return times;
    }

    /// <summary>Published events that match <paramref name="filter"/>, in commit order, at most <paramref name="limit"/>.</summary>
    public Task<List<StoredEvent>> ReadPublishedAsync(ReplayFilter filter, int limit, CancellationToken ct)
    {
        // Every condition given must hold; the parameters are always bound, the clauses only when given.
        var where = new (bool Given, string Clause)[]
        {
            (true, "published_at IS NOT NULL"),
            (filter.TokenUid is not null, "uid = @uid"),
            (filter.FromSequence is not null, "sequence >= @from_sequence"),
            (filter.ToSequence is not null, "sequence <= @to_sequence"),
            (filter.From is not null, "created_at >= @from"),
            (filter.To is not null, "created_at <= @to"),
            (filter.Type is not null, "type = @type"),
        }.Where(condition => condition.Given).Select(condition => condition.Clause);

        return ReadAsync($"SELECT {Columns} FROM token_events WHERE {string.Join(" AND ", where)} ORDER BY id LIMIT @limit", p =>
        {
            p.AddWithValue("uid", (object?)filter.TokenUid ?? DBNull.Value);
            p.AddWithValue("from_sequence", filter.FromSequence ?? 0);
            p.AddWithValue("to_sequence", filter.ToSequence ?? 0);
            p.AddWithValue("from", filter.From ?? DateTimeOffset.UnixEpoch);
            p.AddWithValue("to", filter.To ?? DateTimeOffset.UnixEpoch);
            p.AddWithValue("type", (object?)filter.Type ?? DBNull.Value);
            p.AddWithValue("limit", limit);
        }, ct);
    }

    /// <summary>One token's events after sequence <paramref name="after"/>, in sequence order.</summary>
    public Task<List<StoredEvent>> ReadTokenAsync(string uid, long after, int limit, CancellationToken ct) =>
        ReadAsync($"SELECT {Columns} FROM token_events WHERE uid = @uid AND sequence > @after ORDER BY sequence LIMIT @limit", p =>
        {
            p.AddWithValue("uid", uid);
            p.AddWithValue("after", after);
            p.AddWithValue("limit", limit);
        }, ct);

    /// <summary>How many events wait to be published, and when the oldest of them was committed.</summary>
    public async Task<(long Count, DateTimeOffset? Oldest)> BacklogAsync(CancellationToken ct)
    {
        await using var backlog = dataSource.CreateCommand("SELECT count(*), min(created_at) FROM token_events WHERE published_at IS NULL");
        await using var reader = await backlog.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Deletes published events committed before <paramref name="before"/>, a bounded chunk at a time; returns how many went.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var prune = dataSource.CreateCommand("""
            DELETE FROM token_events WHERE id IN (
                SELECT id FROM token_events WHERE published_at IS NOT NULL AND created_at < @before ORDER BY created_at LIMIT 10000)
            """);
        prune.Parameters.AddWithValue("before", before);
        return await prune.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Deletes the events of <paramref name="uid"/> in <paramref name="transaction"/> (an erase): the published ones, and
    /// with <paramref name="includingUnpublished"/> those still to publish too, which then never are.
    /// </summary>
    public async Task DeleteTokenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string uid, bool includingUnpublished, CancellationToken ct)
    {
        var published = includingUnpublished ? "" : " AND published_at IS NOT NULL";
        await using var delete = new NpgsqlCommand($"DELETE FROM token_events WHERE uid = @uid{published}", connection, transaction);
        delete.Parameters.AddWithValue("uid", uid);
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the published events of <paramref name="uids"/> (erased tokens whose <c>TokenErased</c> was still to publish).</summary>
    public async Task<int> DeletePublishedAsync(IReadOnlyList<string> uids, CancellationToken ct)
    {
        await using var delete = dataSource.CreateCommand("DELETE FROM token_events WHERE uid = ANY(@uids) AND published_at IS NOT NULL");
        delete.Parameters.AddWithValue("uids", uids.ToArray());
        return await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Deletes every event of <paramref name="uids"/> whose events are all published, and returns
    /// those tokens: a token with an event still to publish keeps them all, for the next pass.
    /// </summary>
    public async Task<List<string>> DeleteIfPublishedAsync(IReadOnlyList<string> uids, CancellationToken ct)
    {
        await using var delete = dataSource.CreateCommand("""
            WITH done AS (
                SELECT u.uid FROM unnest(@uids) AS u(uid)
                WHERE NOT EXISTS (SELECT 1 FROM token_events e WHERE e.uid = u.uid AND e.published_at IS NULL)),
            gone AS (DELETE FROM token_events e USING done WHERE e.uid = done.uid)
            SELECT uid FROM done
            """);
        delete.Parameters.AddWithValue("uids", uids.ToArray());
        var done = new List<string>();
        await using var reader = await delete.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            done.Add(reader.GetString(0));
        }

        return done;
    }

    private async Task<List<StoredEvent>> ReadAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        parameters(command.Parameters);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new StoredEvent
            {
                Id = reader.GetInt64(0),
                EventId = reader.GetGuid(1),
                Uid = reader.GetString(2),
                Sequence = reader.GetInt64(3),
                Type = reader.GetString(4),
                Payload = reader.GetString(5),
                OccurredAt = reader.GetFieldValue<DateTimeOffset>(6),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(7),
                PublishedAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                TraceParent = reader.IsDBNull(9) ? null : reader.GetString(9),
                TraceState = reader.IsDBNull(10) ? null : reader.GetString(10),
                ReplayCount = reader.GetInt32(11),
                LastReplayedAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
            });
        }

        return events;
    }
}

/// <summary>Which stored events a replay publishes again: every condition given must hold.</summary>
internal sealed record ReplayFilter(
    string? TokenUid = null,
    long? FromSequence = null,
    long? ToSequence = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Type = null);
