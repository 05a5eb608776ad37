using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using Tchek.Events.StatusPoller.Operations;

namespace Tchek.Events.StatusPoller.Outbox;

/// <summary>
/// Publishes stored events: the relay's unpublished ones, or a replay's chosen ones. Per token,
/// strictly in <c>Sequence</c> order (each publish waits for the broker's confirm before the
/// next); across tokens, concurrently.
/// </summary>
internal sealed partial class OutboxPublisher(
    NpgsqlDataSource dataSource,
    IBus bus,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    PollerMetrics metrics,
    ILogger<OutboxPublisher> logger)
{
    public const string ReplayedHeader = "Replayed";

    internal const string UnpublishedSql = """
        SELECT id, event_id, uid, sequence, type, payload::text, created_at
        FROM token_events WHERE published_at IS NULL
        ORDER BY id LIMIT @limit
        """;

    /// <summary>Publishes the oldest unpublished events and marks them. Returns how many went out.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        var pending = await ReadAsync(UnpublishedSql, p => p.AddWithValue("limit", options.Value.BatchSize), ct);
        var published = await PublishAsync(pending, replayed: false, ct);
        if (published.Count > 0)
        {
            // Each event is stamped with its own confirm time, not the batch's end: published_at - created_at is that event's commit-to-confirm latency.
            var confirmed = published.ToArray();
            await using var mark = dataSource.CreateCommand("""
                UPDATE token_events t SET published_at = c.at
                FROM unnest(@ids, @ats) AS c(id, at)
                WHERE t.id = c.id AND t.published_at IS NULL
                """);
            mark.Parameters.AddWithValue("ids", confirmed.Select(c => c.Id).ToArray());
            mark.Parameters.AddWithValue("ats", confirmed.Select(c => c.At).ToArray());
            await mark.ExecuteNonQueryAsync(CancellationToken.None);
        }

        return published.Count;
    }

    /// <summary>Publishes already stored events again, with their original ids and a <c>Replayed</c> header.</summary>
    public async Task<int> ReplayAsync(string whereSql, Action<NpgsqlParameterCollection> parameters, int limit, CancellationToken ct)
    {
        var events = await ReadAsync(
            $"SELECT id, event_id, uid, sequence, type, payload::text, created_at FROM token_events WHERE published_at IS NOT NULL AND {whereSql} ORDER BY id LIMIT {limit}",
            parameters,
            ct);
        var published = await PublishAsync(events, replayed: true, ct);
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

    private async Task<ConcurrentBag<(long Id, DateTimeOffset At)>> PublishAsync(List<PendingEvent> events, bool replayed, CancellationToken ct)
    {
        var published = new ConcurrentBag<(long Id, DateTimeOffset At)>();
        var byToken = events.GroupBy(e => e.Uid, StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.PublishConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(byToken, parallel, async (tokenEvents, token) =>
        {
            foreach (var stored in tokenEvents)
            {
                try
                {
                    var evt = EventSerialization.Deserialize(stored.Type, stored.Payload);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(options.Value.PublishTimeout);
                    await bus.Publish(evt, evt.GetType(), context =>
                    {
                        context.MessageId = stored.EventId;
                        if (replayed)
                        {
                            context.Headers.Set(ReplayedHeader, true);
                        }
                    }, timeout.Token);
                    var confirmedAt = time.GetUtcNow();
                    published.Add((stored.Id, confirmedAt));
                    if (!replayed)
                    {
                        metrics.Published(confirmedAt - stored.CreatedAt);
                    }
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

    [LoggerMessage(LogLevel.Warning, "Publishing event {Sequence} of token {TokenUid} failed; it and the token's later events wait for the next pass")]
    private partial void LogPublishFailed(Exception ex, string tokenUid, long sequence);

    private sealed record PendingEvent(long Id, Guid EventId, string Uid, long Sequence, string Type, string Payload, DateTimeOffset CreatedAt);
}
