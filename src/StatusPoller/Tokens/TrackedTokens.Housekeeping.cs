namespace Tchek.Events.StatusPoller.Tokens;

internal sealed partial class TrackedTokens
{
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
        await using var select = dataSource.CreateCommand($"SELECT uid FROM tracked_tokens WHERE {Stopped} AND updated_at < @before ORDER BY updated_at LIMIT @limit");
        select.Parameters.AddWithValue("before", before);
        select.Parameters.AddWithValue("limit", limit);
        return await ReadUidsAsync(select, ct);
    }

    /// <summary>Deletes the rows of stopped tokens (their events must be gone first).</summary>
    public async Task<int> DeleteStoppedAsync(IReadOnlyList<string> uids, CancellationToken ct)
    {
        await using var delete = dataSource.CreateCommand($"DELETE FROM tracked_tokens WHERE uid = ANY(@uids) AND {Stopped}");
        delete.Parameters.AddWithValue("uids", uids.ToArray());
        return await delete.ExecuteNonQueryAsync(ct);
    }
}
