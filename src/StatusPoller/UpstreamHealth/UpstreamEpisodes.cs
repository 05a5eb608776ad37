using NpgsqlTypes;

namespace Tchek.Events.StatusPoller.UpstreamHealth;

/// <summary>
/// The owner of <c>upstream_episodes</c>, each degradation episode with its two events. A unique index keeps at most
/// one episode open, so two deciders in a failover's overlap cannot open two.
/// </summary>
internal sealed class UpstreamEpisodes(NpgsqlDataSource dataSource) : IHealthEventStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The open episode, or null while the vendor is healthy.</summary>
    public async Task<UpstreamEpisode?> OpenAsync(CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand(
            "SELECT id, cause, degraded_at, last_unsettled_at FROM upstream_episodes WHERE restored_at IS NULL");
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new UpstreamEpisode(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    /// <summary>Opens <paramref name="episode"/> with its event; false when another one is open already (it stands).</summary>
    public async Task<bool> TryOpenAsync(UpstreamEpisode episode, UpstreamDegraded degraded, CancellationToken ct)
    {
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO upstream_episodes (id, cause, degraded_at, last_unsettled_at, degraded_event, decided_by)
            VALUES (@id, @cause, @at, @at, @event, @by)
            ON CONFLICT DO NOTHING
            """);
        insert.Parameters.AddWithValue("id", episode.Id);
        insert.Parameters.AddWithValue("cause", episode.Cause);
        insert.Parameters.AddWithValue("at", episode.DegradedAt);
        insert.Parameters.Add(new NpgsqlParameter<string>("event", NpgsqlDbType.Jsonb) { TypedValue = JsonSerializer.Serialize(degraded, Json) });
        insert.Parameters.AddWithValue("by", Truncate(degraded.InstanceId, 128));
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The vendor was not calm at <paramref name="at"/>: the calm period starts again from there.</summary>
    public async Task UnsettledAsync(Guid episodeId, DateTimeOffset at, CancellationToken ct)
    {
        await using var update = dataSource.CreateCommand("""
            UPDATE upstream_episodes SET last_unsettled_at = greatest(last_unsettled_at, @at)
            WHERE id = @id AND restored_at IS NULL
            """);
        update.Parameters.AddWithValue("id", episodeId);
        update.Parameters.AddWithValue("at", at);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Closes the episode with its event; false when it was closed already.</summary>
    public async Task<bool> TryCloseAsync(UpstreamRestored restored, CancellationToken ct)
    {
        await using var update = dataSource.CreateCommand("""
            UPDATE upstream_episodes SET restored_at = @at, restored_event = @event
            WHERE id = @id AND restored_at IS NULL
            """);
        update.Parameters.AddWithValue("id", restored.EpisodeId);
        update.Parameters.AddWithValue("at", restored.RestoredAt);
        update.Parameters.Add(new NpgsqlParameter<string>("event", NpgsqlDbType.Jsonb) { TypedValue = JsonSerializer.Serialize(restored, Json) });
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <inheritdoc />
    public async Task<List<PendingHealthEvent>> UnpublishedAsync(CancellationToken ct)
    {
        await using var select = dataSource.CreateCommand("""
            SELECT id,
                   CASE WHEN degraded_published_at IS NULL THEN degraded_event::text END,
                   CASE WHEN restored_published_at IS NULL THEN restored_event::text END
            FROM upstream_episodes
            WHERE degraded_published_at IS NULL OR (restored_event IS NOT NULL AND restored_published_at IS NULL)
            ORDER BY degraded_at
            """);
        var pending = new List<PendingHealthEvent>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            if (!reader.IsDBNull(1))
            {
                pending.Add(new PendingHealthEvent(id, Read<UpstreamDegraded>(reader.GetString(1))));
            }

            if (!reader.IsDBNull(2))
            {
                pending.Add(new PendingHealthEvent(id, Read<UpstreamRestored>(reader.GetString(2))));
            }
        }

        return pending;
    }

    /// <inheritdoc />
    public async Task MarkPublishedAsync(PendingHealthEvent published, DateTimeOffset at, CancellationToken ct)
    {
        var column = published.Event is UpstreamRestored ? "restored_published_at" : "degraded_published_at";
        await using var update = dataSource.CreateCommand($"UPDATE upstream_episodes SET {column} = @at WHERE id = @id AND {column} IS NULL");
        update.Parameters.AddWithValue("id", published.EpisodeId);
        update.Parameters.AddWithValue("at", at);
        await update.ExecuteNonQueryAsync(ct);
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException($"Stored {typeof(T).Name} is null.");

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
