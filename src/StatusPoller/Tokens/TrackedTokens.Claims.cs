namespace Tchek.Events.StatusPoller.Tokens;

internal sealed partial class TrackedTokens
{
    // Both claims: failing tokens, in due order, up to their share of the slots (@failing).
    private const string FailingSql = $"""
        failing AS (
            SELECT uid FROM tracked_tokens
            WHERE {Active} AND {Due} AND {Failing}
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

    // SKIP LOCKED: instances claiming at once take disjoint batches. Pushing next_poll_at past the
    // lease hides the token from other claims, and the bumped version fences every write. Limits are
    // parameters, rows found by key: see docs/contributing/decisions.md (Tracked tokens).
    private const string ClaimSql = $"""
        WITH {FailingSql},
        healthy AS (
            SELECT uid FROM tracked_tokens
            WHERE {Active} AND {Due} AND {Healthy}
            ORDER BY next_poll_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED),
        {LeaseDueSql}
        """;

    // When the request budget binds, healthy tokens go by ClaimPriority (mirrored in SQL), ranked
    // only among each planned interval's earliest-due @window: within an interval, due order follows
    // priority, so the work grows with the intervals, not the backlog (decisions.md, Tracked tokens).
    // Internal for the plan test.
    internal const string ClaimByPrioritySql = $"""
        WITH RECURSIVE intervals AS (
            (SELECT poll_interval AS i FROM tracked_tokens
             WHERE {Active} AND {Healthy} AND poll_interval IS NOT NULL
             ORDER BY poll_interval LIMIT 1)
            UNION ALL
            SELECT (SELECT poll_interval FROM tracked_tokens
                    WHERE {Active} AND {Healthy} AND poll_interval > intervals.i
                    ORDER BY poll_interval LIMIT 1)
            FROM intervals WHERE intervals.i IS NOT NULL),
        candidates AS (
            SELECT c.uid FROM intervals CROSS JOIN LATERAL (
                SELECT uid FROM tracked_tokens
                WHERE {Active} AND {Healthy}
                  AND (poll_interval, next_poll_at) >= (intervals.i, '-infinity') AND (poll_interval, next_poll_at) <= (intervals.i, @now)
                ORDER BY poll_interval, next_poll_at
                LIMIT @window) AS c
            UNION ALL
            (SELECT uid FROM tracked_tokens
             WHERE {Active} AND {Healthy} AND poll_interval IS NULL AND {Due}
             ORDER BY poll_interval, next_poll_at
             LIMIT @window)),
        {FailingSql},
        healthy AS (
            SELECT uid FROM tracked_tokens
            WHERE uid = ANY(ARRAY(SELECT uid FROM candidates)) AND {Active} AND {Healthy} AND {Due}
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
}
