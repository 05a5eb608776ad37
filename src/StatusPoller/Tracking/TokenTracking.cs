using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Detection;
using Tchek.Events.StatusPoller.Outbox;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Polling;

namespace Tchek.Events.StatusPoller.Tracking;

internal enum TrackOutcome
{
    Created,
    AlreadyTracked,
    Stopped,
}

internal enum UntrackOutcome
{
    Untracked,
    AlreadyStopped,
    NotFound,
}

/// <summary>
/// Starting and stopping tracking: what the HTTP API and the bus commands share. Every write bumps
/// the token's lease version, so a poll under way on the token cannot overwrite it.
/// </summary>
internal sealed class TokenTracking(PollerDbContext db, TimeProvider time, PollingWake wake, OutboxSignal outboxSignal)
{
    /// <summary>Tracks a token from now (first poll at once). Idempotent; a token whose tracking ended stays ended.</summary>
    public async Task<(TrackOutcome Outcome, TrackedToken Token)> TrackAsync(TrackRequest request, CancellationToken ct)
    {
        var created = await InsertAsync([request], ct);
        var token = await db.Tokens.AsNoTracking().SingleAsync(t => t.Uid == request.Uid, ct);
        var outcome = created.Count == 1 ? TrackOutcome.Created
            : token.State == TrackingState.Stopped ? TrackOutcome.Stopped
            : TrackOutcome.AlreadyTracked;
        return (outcome, token);
    }

    /// <summary>Tracks many tokens in one statement. Returns the uids that were new.</summary>
    public Task<HashSet<string>> TrackManyAsync(IReadOnlyList<TrackRequest> requests, CancellationToken ct) => InsertAsync(requests, ct);

    /// <summary>
    /// Stops tracking: the token's last event is <see cref="TokenTrackingStopped"/> (Untracked),
    /// written with the state change in one transaction.
    /// </summary>
    public async Task<UntrackOutcome> UntrackAsync(string uid, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var token = await db.Tokens.FromSql($"SELECT * FROM tracked_tokens WHERE uid = {uid} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (token is null)
        {
            return UntrackOutcome.NotFound;
        }

        if (token.State == TrackingState.Stopped)
        {
            return UntrackOutcome.AlreadyStopped;
        }

        var now = time.GetUtcNow();
        // A token never seen has no event stream to close.
        if (StoredState.Of(token.Uid, token.Snapshot, token.Progress, token.LastSequence) is { } state)
        {
            var stopped = ChangeDetector.StopTracking(state, TrackingStopReasons.Untracked, now);
            foreach (var evt in stopped.Events)
            {
                db.Events.Add(new StoredEvent
                {
                    EventId = evt.EventId,
                    Uid = evt.TokenUid,
                    Sequence = evt.Sequence,
                    Type = EventSerialization.TypeName(evt),
                    Payload = EventSerialization.Serialize(evt),
                    OccurredAt = evt.OccurredAt,
                    CreatedAt = now,
                });
            }

            token.LastSequence = stopped.State.LastSequence;
        }

        token.State = TrackingState.Stopped;
        token.StopReason = TrackingStopReasons.Untracked;
        token.NextPollAt = null;
        token.LeaseVersion++;
        token.LeaseOwner = null;
        token.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{TokenStore.EventsChannel}', '')", ct);
        await transaction.CommitAsync(ct);
        outboxSignal.Set();
        return UntrackOutcome.Untracked;
    }

    private async Task<HashSet<string>> InsertAsync(IReadOnlyList<TrackRequest> requests, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var uids = requests.Select(r => r.Uid).ToArray();
        var references = requests.Select(r => r.ExternalReference).ToArray();
        var metadata = requests.Select(r => r.Metadata is null ? null : JsonSerializer.Serialize(r.Metadata)).ToArray();
        var created = await db.Database.SqlQuery<string>($"""
            INSERT INTO tracked_tokens (uid, external_reference, metadata, state, progress, last_sequence, expired,
                                        next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT r.uid, r.reference, r.metadata::jsonb, 0, 0, 0, false, {now}, 0, 0, {now}, {now}
            FROM unnest({uids}, {references}, {metadata}) AS r(uid, reference, metadata)
            ON CONFLICT (uid) DO NOTHING
            RETURNING uid AS "Value"
            """).ToListAsync(ct);
        if (created.Count > 0)
        {
            wake.Set();
        }

        return [.. created];
    }
}

/// <summary>A request to track one token.</summary>
internal sealed record TrackRequest(string Uid, string? ExternalReference, IReadOnlyDictionary<string, string>? Metadata);
