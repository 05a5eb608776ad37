namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>
/// The owner of <c>tracked_tokens</c>: every statement on it is in its partial files, one per concern. The hot paths,
/// the claim and the fenced write with its events (<see cref="EventLog"/>), are one round trip each. Each action an
/// actor asks for (track, untrack, erase) is recorded in <see cref="AuditLog"/> in the same transaction.
/// </summary>
internal sealed partial class TrackedTokens(NpgsqlDataSource dataSource, EventLog log, AuditLog audit)
{
    // Spelled as the partial indexes' predicates (PollerDbContext), so the planner can use them.
    // The phases are TrackingPhase's values: Active 0, Stopped 1.
    private const string Active = "state = 0";
    private const string Stopped = "state = 1";

    // Failing tokens have their own due index and their own share of each claim.
    private const string Failing = "failure_count > 0";
    private const string Healthy = "failure_count = 0";

    private const string Due = "next_poll_at <= @now";

    private const string Columns = """
        uid, external_reference, metadata::text, state, stop_reason, status, progress, last_sequence, snapshot::text,
        expired, expires_at, completed_at, next_poll_at, last_polled_at, failure_count, last_error, lease_owner,
        lease_version, created_at, updated_at, erased_at, last_success_at, poll_interval
        """;

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
}
