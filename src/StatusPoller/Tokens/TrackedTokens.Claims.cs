using Tchek.Events.StatusPoller.Claim.Rules;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.StatusPoller.Tokens;

internal sealed partial class TrackedTokens
{
    // The claims: due tokens leased to one instance, set-based, one round trip each.
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
