using Microsoft.Extensions.Options;
using Npgsql;
using Tchek.Events.StatusPoller.Operations;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.StatusPoller.Outbox;

/// <summary>
/// Moves committed events to RabbitMQ. One relay is active across all instances (a PostgreSQL
/// advisory lock held on a dedicated connection; if that instance dies, its connection closes and
/// another takes over), so per-token order holds and instances never race on the same rows.
/// It wakes on NOTIFY at commit, and sweeps every <see cref="OutboxOptions.SweepInterval"/> anyway.
/// </summary>
internal sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    [FromKeyedServices(PersistenceExtensions.Unpooled)] NpgsqlDataSource unpooled,
    IServiceProvider services,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    PollerMetrics metrics,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    // "tchek-relay" in ASCII, as the advisory lock's key.
    private const long LeaderLockKey = 0x7463_6865_6b72_6c79;

    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromMinutes(1);

    public bool IsActive { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var leader = await OpenLeaderConnectionAsync(stoppingToken);
                if (!await TryLeadAsync(leader, stoppingToken))
                {
                    await Task.Delay(options.Value.SweepInterval * 2, time, stoppingToken);
                    continue;
                }

                LogActive();
                IsActive = true;
                await RelayAsync(leader, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogInterrupted(ex);
                await DelayQuietlyAsync(options.Value.SweepInterval, stoppingToken);
            }
            finally
            {
                IsActive = false;
            }
        }
    }

    private async Task RelayAsync(NpgsqlConnection leader, CancellationToken stoppingToken)
    {
        leader.Notification += (_, _) => signal.Set();
        await using (var listen = new NpgsqlCommand($"LISTEN {TokenStore.EventsChannel}", leader))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // The notification pump also watches the leader connection: if it breaks, the lock is gone
        // and this instance must stop relaying at once.
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pump = PumpNotificationsAsync(leader, leading);
        // A fresh window each term: nothing in flight carries over from the last one.
        var window = services.GetRequiredService<OutboxWindow>();
        Task[] work = [window.RunAsync(leading.Token), HousekeepingLoopAsync(leading.Token)];
        try
        {
            // The first to end (a failure, or leadership lost) ends both.
            await await Task.WhenAny(work);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        finally
        {
            await leading.CancelAsync();
            await Task.WhenAll(work).ContinueWith(_ => { }, TaskScheduler.Default);
            await pump;
        }

        stoppingToken.ThrowIfCancellationRequested();
        throw new NpgsqlException("The relay's leader connection was lost.");
    }

    private async Task HousekeepingLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await HousekeepingAsync(ct);
            await Task.Delay(HousekeepingInterval, time, ct);
        }
    }

    private static async Task PumpNotificationsAsync(NpgsqlConnection leader, CancellationTokenSource leading)
    {
        try
        {
            while (!leading.IsCancellationRequested)
            {
                await leader.WaitAsync(leading.Token);
            }
        }
        catch (Exception)
        {
            await leading.CancelAsync();
        }
    }

    // Unpooled: a pooled connection would keep the session lock after it is "closed".
    private Task<NpgsqlConnection> OpenLeaderConnectionAsync(CancellationToken ct) => unpooled.OpenConnectionAsync(ct).AsTask();

    private static async Task<bool> TryLeadAsync(NpgsqlConnection leader, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", leader);
        command.Parameters.AddWithValue("key", LeaderLockKey);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task HousekeepingAsync(CancellationToken ct)
    {
        await using (var backlog = dataSource.CreateCommand(
            "SELECT count(*), min(created_at) FROM token_events WHERE published_at IS NULL"))
        await using (var reader = await backlog.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            var oldest = reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1);
            metrics.Backlog(reader.GetInt64(0), oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero);
        }

        await using (var tokens = dataSource.CreateCommand(
            "SELECT coalesce(status, -1), count(*) FROM tracked_tokens WHERE state = 0 GROUP BY 1"))
        await using (var reader = await tokens.ExecuteReaderAsync(ct))
        {
            var counts = new Dictionary<int, long>();
            while (await reader.ReadAsync(ct))
            {
                counts[reader.GetInt32(0)] = reader.GetInt64(1);
            }

            metrics.TokensByStatus(counts);
        }

        // Retention: published events past it go, a bounded chunk at a time.
        await using var prune = dataSource.CreateCommand("""
            DELETE FROM token_events WHERE id IN (
                SELECT id FROM token_events WHERE published_at IS NOT NULL AND created_at < @before ORDER BY created_at LIMIT 10000)
            """);
        prune.Parameters.AddWithValue("before", time.GetUtcNow() - options.Value.Retention);
        await prune.ExecuteNonQueryAsync(ct);
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "This instance's outbox relay is now the active one")]
    private partial void LogActive();

    [LoggerMessage(LogLevel.Warning, "The outbox relay was interrupted; it will try to lead again")]
    private partial void LogInterrupted(Exception ex);
}
