using System.Diagnostics;
using NpgsqlTypes;

namespace Tchek.Events.StatusPoller.Tokens;

internal sealed partial class TrackedTokens
{
    // Fenced: a writer that lost its claim (its version is stale, or tracking stopped) matches no
    // row, and its events are not appended. Only a successful poll plans an interval: a failure
    // or a stop keeps the stored one (the schedule policy's state). Positional parameters, in
    // WriteCommand's order: Npgsql sends the text as it is instead of rewriting named ones per row.
    private const string WriteSql = $"""
        UPDATE tracked_tokens SET
            status = CASE WHEN $3 THEN $4 ELSE status END,
            snapshot = CASE WHEN $3 AND $7 IS NOT NULL THEN $7 ELSE snapshot END,
            expired = CASE WHEN $3 THEN $8 ELSE expired END,
            expires_at = CASE WHEN $3 THEN $9 ELSE expires_at END,
            progress = $5, last_sequence = $6,
            completed_at = $10, next_poll_at = $11,
            last_polled_at = CASE WHEN $12 THEN $14 ELSE last_polled_at END,
            last_success_at = CASE WHEN $13 THEN $14 ELSE last_success_at END,
            failure_count = $15, last_error = $16, state = $17, stop_reason = $18,
            poll_interval = coalesce($19, poll_interval),
            updated_at = $14
        WHERE uid = $1 AND lease_version = $2 AND {Active}
        """;

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
        var events = new List<(ITokenEvent, ActivityContext)>();
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
        p.Add(new NpgsqlParameter<string> { TypedValue = claim.Uid }); // $1 uid
        p.Add(new NpgsqlParameter<long> { TypedValue = claim.LeaseVersion }); // $2 lease_version
        p.Add(new NpgsqlParameter<bool> { TypedValue = state is not null }); // $3 has_state
        p.Add(new NpgsqlParameter<int?> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = snapshot?.Status }); // $4 status
        p.Add(new NpgsqlParameter<int> { TypedValue = state?.Progress ?? claim.Progress }); // $5 progress
        p.Add(new NpgsqlParameter<long> { TypedValue = state?.LastSequence ?? claim.LastSequence + decision.Events.Count }); // $6 last_sequence
        p.Add(new NpgsqlParameter<string?> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = decision.SnapshotChanged ? snapshot?.TokenJson : null }); // $7 snapshot
        p.Add(new NpgsqlParameter<bool?> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = snapshot?.Expired }); // $8 expired
        p.Add(new NpgsqlParameter<DateTimeOffset?> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = snapshot?.ExpiresAt }); // $9 expires_at
        p.Add(new NpgsqlParameter<DateTimeOffset?> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = plan.CompletedAt }); // $10 completed_at
        p.Add(new NpgsqlParameter<DateTimeOffset?> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = plan.NextPollAt }); // $11 next_poll_at
        p.Add(new NpgsqlParameter<bool> { TypedValue = decision.Outcome != PollOutcome.Untracked }); // $12 polled
        p.Add(new NpgsqlParameter<bool> { TypedValue = decision.Outcome is PollOutcome.Changed or PollOutcome.Unchanged }); // $13 succeeded
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at }); // $14 at
        p.Add(new NpgsqlParameter<int> { TypedValue = plan.FailureCount }); // $15 failure_count
        p.Add(new NpgsqlParameter<string?> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = Truncate(plan.LastError, 1024) }); // $16 last_error
        p.Add(new NpgsqlParameter<int> { TypedValue = (int)(plan.Stops ? TrackingPhase.Stopped : TrackingPhase.Active) }); // $17 state
        p.Add(new NpgsqlParameter<string?> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = plan.StopReason }); // $18 stop_reason
        p.Add(new NpgsqlParameter<TimeSpan?> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = plan.Interval }); // $19 poll_interval
        return command;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
