using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tchek.Events.StatusPoller.Relay;

/// <summary>
/// The active relay's publishing as a sliding window: each token's chain starts once that token has nothing in flight,
/// so one slow confirm holds back only its own token, and per-token order holds.
/// </summary>
internal sealed class OutboxWindow(
    EventLog log, EventPublisher publisher, HealthOutbox healthEvents, OutboxSignal signal, IOptions<OutboxOptions> options, TimeProvider time, PollerMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly HashSet<long> _unmarked = [];
    private readonly HashSet<string> _busyTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _chains = new();
    private long _lastFailureTicks;

    /// <summary>
    /// Relays until <paramref name="ct"/> is cancelled (shutdown, or leadership lost); then waits for
    /// its chains and marks what was confirmed. One run at a time: each leadership term is a new run.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var confirmed = Channel.CreateUnbounded<(long Id, DateTimeOffset At)>(new UnboundedChannelOptions { SingleReader = true });
        var marker = MarkLoopAsync(confirmed.Reader);
        using var slots = new SemaphoreSlim(o.PublishConcurrency, o.PublishConcurrency);
        healthEvents.Lead();
        var health = Task.CompletedTask;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                long[] exclude;
                HashSet<string> busyAtRead;
                lock (_lock)
                {
                    exclude = [.. _unmarked];
                    busyAtRead = new HashSet<string>(_busyTokens, StringComparer.Ordinal);
                }

                var pending = await log.ReadPendingAsync(exclude, o.BatchSize, ct);
                var started = 0;
                foreach (var chain in pending.GroupBy(e => e.Uid, StringComparer.Ordinal))
                {
                    // A token busy when the read began may have failed since, returning events this
                    // read excluded: what the read holds for it may start past them. Only a token
                    // free at the read has nothing unconfirmed outside it.
                    if (busyAtRead.Contains(chain.Key))
                    {
                        continue;
                    }

                    await slots.WaitAsync(ct);
                    lock (_lock)
                    {
                        if (!_busyTokens.Add(chain.Key))
                        {
                            slots.Release();
                            continue;
                        }

                        _unmarked.UnionWith(chain.Select(e => e.Id));
                    }

                    Track(RunChainAsync([.. chain], confirmed.Writer, slots, ct));
                    started++;
                }

                if (health.IsCompleted && healthEvents.TakeDue())
                {
                    health = healthEvents.PublishPendingAsync(ct);
                    Track(health);
                }

                if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastFailureTicks) < o.SweepInterval.Ticks)
                {
                    // The broker is failing: no tight retry loop; the failed chains wait for the sweep.
                    await Task.Delay(o.SweepInterval, time, ct);
                }
                else if (pending.Count < o.BatchSize || started == 0)
                {
                    // Woken by a commit (NOTIFY), a finished chain, or the sweep.
                    await signal.WaitAsync(o.SweepInterval, ct);
                }
            }
        }
        finally
        {
            await Task.WhenAll(_chains.Keys);
            confirmed.Writer.Complete();
            await marker;
        }
    }

    // A chain is awaited when the run ends, so no publish outlives its leadership term.
    private void Track(Task chain)
    {
        _chains.TryAdd(chain, 0);
        _ = chain.ContinueWith(t => _chains.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task RunChainAsync(List<StoredEvent> chain, ChannelWriter<(long Id, DateTimeOffset At)> confirmed, SemaphoreSlim slots, CancellationToken ct)
    {
        await Task.Yield();
        var done = 0;
        try
        {
            done = await publisher.PublishChainAsync(chain, replayed: false, stored =>
            {
                var at = time.GetUtcNow();
                metrics.Published(at - stored.CreatedAt);
                confirmed.TryWrite((stored.Id, at));
            }, ct);
            if (done < chain.Count && !ct.IsCancellationRequested)
            {
                Interlocked.Exchange(ref _lastFailureTicks, time.GetUtcNow().UtcTicks);
            }
        }
        finally
        {
            lock (_lock)
            {
                // Not confirmed: back to the log, to be read again in order. Then the token is free.
                _unmarked.ExceptWith(chain.Skip(done).Select(e => e.Id));
                _busyTokens.Remove(chain[0].Uid);
            }

            slots.Release();
            signal.Set();
        }
    }

    // Marks confirmed events in small batches; if the database is unreachable, keeps them (and
    // keeps them out of reads) until it is back. Not cancelled: a confirmed event left unmarked is
    // only published again, never lost.
    private async Task MarkLoopAsync(ChannelReader<(long Id, DateTimeOffset At)> confirmed)
    {
        var batch = new List<(long Id, DateTimeOffset At)>(500);
        while (await confirmed.WaitToReadAsync())
        {
            while (batch.Count < 500 && confirmed.TryRead(out var item))
            {
                batch.Add(item);
            }

            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await log.MarkPublishedAsync(batch, CancellationToken.None);
                    break;
                }
                catch (Exception) when (attempt < 10)
                {
                    await Task.Delay(options.Value.SweepInterval, time);
                }
                catch (Exception)
                {
                    // Left unmarked: published again later, with the same id.
                    break;
                }
            }

            lock (_lock)
            {
                _unmarked.ExceptWith(batch.Select(c => c.Id));
            }

            batch.Clear();
        }
    }
}
