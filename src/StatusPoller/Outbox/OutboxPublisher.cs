using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tchek.Events.StatusPoller.Outbox;

/// <summary>
/// Reads, publishes and marks stored events, for the relay's window (<see cref="OutboxWindow"/>)
/// and for replays. Each publish waits for the broker's confirm; a replay publishes per token in
/// <c>Sequence</c> order, across tokens concurrently.
/// </summary>
internal sealed partial class OutboxPublisher(
    NpgsqlDataSource dataSource,
    IBus bus,
    IOptions<OutboxOptions> options,
    ILogger<OutboxPublisher> logger)
{
    public const string ReplayedHeader = "Replayed";

    // Events read but not yet marked (in flight, or confirmed and waiting for their mark) are excluded.
    internal const string UnpublishedSql = """
        SELECT id, event_id, uid, sequence, type, payload::text, created_at
        FROM token_events WHERE published_at IS NULL AND id <> ALL(@exclude)
        ORDER BY id LIMIT @limit
        """;

    /// <summary>The oldest unpublished events, in commit order per token, but those in <paramref name="exclude"/>.</summary>
    public Task<List<PendingEvent>> ReadPendingAsync(long[] exclude, CancellationToken ct) =>
        ReadAsync(UnpublishedSql, p =>
        {
            p.AddWithValue("exclude", exclude);
            p.AddWithValue("limit", options.Value.BatchSize);
        }, ct);

    /// <summary>Marks events published, each with its own confirm time: <c>published_at - created_at</c> is that event's commit-to-confirm latency.</summary>
    public async Task MarkAsync(IReadOnlyList<(long Id, DateTimeOffset At)> confirmed, CancellationToken ct)
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

    /// <summary>Publishes one stored event with its own id and waits for the broker's confirm; throws if it does not come.</summary>
    public async Task PublishAsync(PendingEvent stored, bool replayed, CancellationToken ct)
    {
        var evt = EventSerialization.Deserialize(stored.Type, stored.Payload);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PublishTimeout);
        await bus.Publish(evt, evt.GetType(), context =>
        {
            context.MessageId = stored.EventId;
            if (replayed)
            {
                context.Headers.Set(ReplayedHeader, true);
            }
        }, timeout.Token);
    }

    /// <summary>Publishes already stored events again, with their original ids and a <c>Replayed</c> header.</summary>
    public async Task<int> ReplayAsync(string whereSql, Action<NpgsqlParameterCollection> parameters, int limit, CancellationToken ct)
    {
        var events = await ReadAsync(
            $"SELECT id, event_id, uid, sequence, type, payload::text, created_at FROM token_events WHERE published_at IS NOT NULL AND {whereSql} ORDER BY id LIMIT {limit}",
            parameters,
            ct);
        var published = await PublishAllAsync(events, replayed: true, ct);
        return published.Count;
    }

    private async Task<List<PendingEvent>> ReadAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        parameters(command.Parameters);
        var events = new List<PendingEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new PendingEvent(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return events;
    }

    private async Task<ConcurrentBag<long>> PublishAllAsync(List<PendingEvent> events, bool replayed, CancellationToken ct)
    {
        var published = new ConcurrentBag<long>();
        var byToken = events.GroupBy(e => e.Uid, StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.PublishConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(byToken, parallel, async (tokenEvents, token) =>
        {
            foreach (var stored in tokenEvents)
            {
                try
                {
                    await PublishAsync(stored, replayed, token);
                    published.Add(stored.Id);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // Stop this token here: its later events must not overtake this one.
                    LogPublishFailed(ex, stored.Uid, stored.Sequence);
                    break;
                }
            }
        });
        return published;
    }

    internal void LogFailed(Exception ex, PendingEvent stored) => LogPublishFailed(ex, stored.Uid, stored.Sequence);

    [LoggerMessage(LogLevel.Warning, "Publishing event {Sequence} of token {TokenUid} failed; it and the token's later events wait for the next pass")]
    private partial void LogPublishFailed(Exception ex, string tokenUid, long sequence);

    internal sealed record PendingEvent(long Id, Guid EventId, string Uid, long Sequence, string Type, string Payload, DateTimeOffset CreatedAt);
}
