using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Tchek.Events.StatusPoller.Sessions;

/// <summary>
/// The owner of <c>console_session_revocations</c>. Each instance caches the small set for up to
/// <see cref="RefreshInterval"/>: a lookup per request, not a round trip; other instances lag by that much.
/// </summary>
internal sealed class SessionRevocations(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revokedHere = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot = new(FrozenSet<string>.Empty, DateTimeOffset.MinValue);

    /// <summary>Whether the session was signed out (here, or on another instance up to <see cref="RefreshInterval"/> ago).</summary>
    public async ValueTask<bool> IsRevokedAsync(string sessionId, CancellationToken ct)
    {
        if (_revokedHere.ContainsKey(sessionId))
        {
            return true;
        }

        var snapshot = _snapshot;
        if (time.GetUtcNow() - snapshot.ReadAt >= RefreshInterval)
        {
            snapshot = await RefreshAsync(ct);
        }

        return snapshot.Ids.Contains(sessionId);
    }

    /// <summary>Revokes the session until <paramref name="expiresAt"/>, its absolute end (after which it is refused anyway).</summary>
    public async Task RevokeAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        _revokedHere[sessionId] = expiresAt;
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO console_session_revocations (session_id, revoked_at, expires_at) VALUES (@id, @now, @expires)
            ON CONFLICT (session_id) DO NOTHING
            """);
        insert.Parameters.AddWithValue("id", sessionId);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("expires", expiresAt);
        await insert.ExecuteNonQueryAsync(ct);
        foreach (var (id, until) in _revokedHere)
        {
            if (until <= now)
            {
                _revokedHere.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Deletes the revocations of sessions that have ended anyway (housekeeping).</summary>
    public async Task<int> PruneAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var delete = dataSource.CreateCommand("DELETE FROM console_session_revocations WHERE expires_at <= @now");
        delete.Parameters.AddWithValue("now", now);
        return await delete.ExecuteNonQueryAsync(ct);
    }

    private async Task<Snapshot> RefreshAsync(CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (now - _snapshot.ReadAt < RefreshInterval)
            {
                return _snapshot;
            }

            await using var select = dataSource.CreateCommand("SELECT session_id FROM console_session_revocations WHERE expires_at > @now");
            select.Parameters.AddWithValue("now", now);
            var ids = new List<string>();
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            return _snapshot = new Snapshot(ids.ToFrozenSet(StringComparer.Ordinal), now);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private sealed record Snapshot(FrozenSet<string> Ids, DateTimeOffset ReadAt);
}
