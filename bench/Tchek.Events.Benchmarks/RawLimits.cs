using MassTransit;
using Npgsql;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Claim.Rules;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.Benchmarks;

/// <summary>The machine's own limits, measured in the same run: each part alone, as fast as it goes.</summary>
internal static class RawLimits
{
    private static readonly PollingOptions UnchangedPolling = new() { JitterRatio = 0, ActiveInterval = TimeSpan.FromMilliseconds(1) };

    /// <summary>Requests per second to the simulator through the same HTTP stack, 64 at a time, no database.</summary>
    public static async Task<double> HttpAsync(AppProcess simulator, IReadOnlyList<string> uids, TimeSpan window)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = simulator.Url };
        long requests = 0;
        using var stop = new CancellationTokenSource(window);
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async worker =>
        {
            var i = worker;
            while (!stop.IsCancellationRequested)
            {
                using var response = await http.GetAsync($"apiV1/tokenmanager/test?deviceId={uids[i++ % uids.Count]}-pwa");
                await response.Content.ReadAsByteArrayAsync();
                Interlocked.Increment(ref requests);
            }
        }));
        return requests / window.TotalSeconds;
    }

    /// <summary>Polls per second the claim and fenced write statements alone allow (two loops, as the poller has).</summary>
    public static async Task<double> DatabaseAsync(string database, TimeSpan window)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        var store = Store(dataSource);
        long polls = 0;
        using var stop = new CancellationTokenSource(window);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async loop =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Add(ref polls, await ClaimAndWriteAsync(store, 200, $"raw-{loop}"));
            }
        }));
        return polls / window.TotalSeconds;
    }

    /// <summary>The poller's store of tracked tokens over <paramref name="dataSource"/>, as the poller builds it.</summary>
    public static TrackedTokens Store(NpgsqlDataSource dataSource) =>
        new(dataSource, new EventLog(dataSource, new OutboxSignal()), new Tchek.Events.StatusPoller.Audit.AuditLog(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<Tchek.Events.StatusPoller.Audit.AuditLog>.Instance));

    /// <summary>One claim of up to <paramref name="batch"/> due tokens and their fenced write as unchanged polls (due again 1 ms later); returns how many.</summary>
    public static async Task<int> ClaimAndWriteAsync(TrackedTokens store, int batch, string owner)
    {
        var now = DateTimeOffset.UtcNow;
        var claimed = await store.ClaimDueAsync(new ClaimBudget(batch, 0), now, TimeSpan.FromMinutes(1), owner, CancellationToken.None);
        var writes = claimed.Select(claim =>
        {
            var state = TokenState.FromStored(claim.Uid, claim.Snapshot, claim.Progress, claim.LastSequence)!;
            var decision = new PollDecision(PollOutcome.Unchanged, state, PollSchedule.AfterSuccess(state, null, now, 0, UnchangedPolling), []);
            return new TokenWrite(claim, decision, now);
        }).ToList();
        await store.WriteAsync(writes, CancellationToken.None);
        return writes.Count;
    }

    /// <summary>As many publishes in flight as the relay allows by default.</summary>
    public static readonly int Concurrency = new OutboxOptions().PublishConcurrency;

    /// <summary>Events per second MassTransit publishes with publisher confirms, <see cref="Concurrency"/> at a time.</summary>
    public static async Task<double> PublishAsync(Uri rabbitMq, TimeSpan window)
    {
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq);
            cfg.Publish<TokenEvent>(p => p.Exclude = true);
        });
        await bus.StartAsync();
        long published = 0;
        try
        {
            using var stop = new CancellationTokenSource(window);
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
            {
                var sequence = 0L;
                while (!stop.IsCancellationRequested)
                {
                    var evt = new TokenStatusChanged { EventId = Guid.NewGuid(), TokenUid = $"RAW{worker}", Sequence = ++sequence, Status = 2, PreviousStatus = 6 };
                    await bus.Publish(evt, context => context.MessageId = evt.EventId);
                    Interlocked.Increment(ref published);
                }
            }));
        }
        finally
        {
            await bus.StopAsync();
        }

        return published / window.TotalSeconds;
    }
}
