using System.Diagnostics;
using NpgsqlTypes;

namespace Tchek.Events.StatusPoller.Tokens;

internal sealed partial class TrackedTokens
{
    // Fenced: a writer that lost its claim (its version is stale, or tracking stopped) matches no
    // row, and its events are not appended. Only a successful poll plans an interval: a failure
    // or a stop keeps the stored one (the schedule policy's state).
    private const string WriteSql = $"""
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
        WHERE uid = @uid AND lease_version = @lease_version AND {Active}
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

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
