namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// Moves committed events to RabbitMQ. One relay is active across instances (an advisory lock on a dedicated
/// connection), so per-token order holds; it wakes on NOTIFY and also sweeps.
/// </summary>
internal sealed partial class OutboxRelay(
    [FromKeyedServices(PersistenceExtensions.Unpooled)] NpgsqlDataSource unpooled,
    EventLog log,
    OutboxWindow window,
    PollerInstance instance,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    PollerMetrics metrics,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    // "tchek-relay" in ASCII, as the advisory lock's key.
    internal const long LeaderLockKey = 0x7463_6865_6b72_6c79;

    private volatile bool _active;

    /// <summary>Whether this instance's relay is the active one (also the gauge <c>tchek_relay_active</c>).</summary>
    public bool IsActive
    {
        get => _active;
        private set
        {
            _active = value;
            metrics.RelayActive(value);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Unpooled: a pooled connection would keep the session lock after it is "closed".
                await using var leader = await unpooled.OpenConnectionAsync(stoppingToken);
                if (!await TryLeadAsync(leader, instance.Id, stoppingToken))
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
                await time.DelayQuietlyAsync(options.Value.SweepInterval, stoppingToken);
            }
            finally
            {
                IsActive = false;
            }
        }
    }

    private async Task RelayAsync(NpgsqlConnection leader, CancellationToken stoppingToken)
    {
        await log.ListenAsync(leader, stoppingToken);

        // The notification pump also watches the leader connection: if it breaks, the lock is gone
        // and this instance must stop relaying at once.
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pump = PumpNotificationsAsync(leader, leading);
        try
        {
            await window.RunAsync(leading.Token);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        finally
        {
            await leading.CancelAsync();
            await pump;
        }

        stoppingToken.ThrowIfCancellationRequested();
        throw new NpgsqlException("The relay's leader connection was lost.");
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

    private static async Task<bool> TryLeadAsync(NpgsqlConnection leader, string instanceId, CancellationToken ct)
    {
        // The session's application name says which instance holds the lock (RelayLeadership reads it).
        await using var command = new NpgsqlCommand("SELECT set_config('application_name', @name, false), pg_try_advisory_lock(@key)", leader);
        command.Parameters.AddWithValue("name", instanceId);
        command.Parameters.AddWithValue("key", LeaderLockKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetBoolean(1);
    }

    [LoggerMessage(LogLevel.Information, "This instance's outbox relay is now the active one")]
    private partial void LogActive();

    [LoggerMessage(LogLevel.Warning, "The outbox relay was interrupted; it will try to lead again")]
    private partial void LogInterrupted(Exception ex);
}
