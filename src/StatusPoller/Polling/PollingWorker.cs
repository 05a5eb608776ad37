using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Operations;
using Tchek.Events.StatusPoller.Outbox;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Upstream;

namespace Tchek.Events.StatusPoller.Polling;

/// <summary>
/// Claims due tokens, polls them with bounded concurrency, and hands each outcome to a writer that
/// commits state and events in batches. Coordinates only: the decisions are <see cref="PollDecision"/>'s.
/// </summary>
internal sealed partial class PollingWorker(
    TokenStore store,
    IServiceProvider services,
    VendorGate gate,
    IOptions<PollingOptions> options,
    TimeProvider time,
    IJitter jitter,
    PollerInstance instance,
    PollingWake wake,
    OutboxSignal outboxSignal,
    PollerMetrics metrics,
    ILogger<PollingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        // Bounded: a poll's slot is freed only once its outcome is queued for the writer, so when writes
        // fall behind, claiming slows to their pace. Unbounded, the queue grew with the number of due
        // tokens (32k outcomes, 130 MB, seconds from poll to commit at 100k tokens).
        var results = Channel.CreateBounded<TokenWrite>(new BoundedChannelOptions(o.WriteBatchSize * 2) { FullMode = BoundedChannelFullMode.Wait });
        var writers = Task.WhenAll(Enumerable.Range(0, o.Writers).Select(_ => WriteLoopAsync(results.Reader)));
        using var slots = new SemaphoreSlim(o.MaxConcurrency, o.MaxConcurrency);
        LogStarted(instance.Id);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await gate.WaitAsync(stoppingToken);
                await slots.WaitAsync(stoppingToken);
                slots.Release();
                var claimed = await store.ClaimDueAsync(Math.Min(o.BatchSize, slots.CurrentCount), time.GetUtcNow(), o.LeaseDuration, instance.Id, stoppingToken);
                if (claimed.Count == 0)
                {
                    await wake.WaitAsync(o.IdleDelay, stoppingToken);
                    continue;
                }

                var client = services.GetRequiredService<TchekClient>();
                foreach (var claim in claimed)
                {
                    await slots.WaitAsync(CancellationToken.None);
                    _ = PollAsync(client, claim, results.Writer, slots, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogLoopFailed(ex);
                await DelayQuietlyAsync(o.IdleDelay, stoppingToken);
            }
        }

        // Let the polls under way finish (they see the cancellation), then write what they found.
        for (var i = 0; i < o.MaxConcurrency; i++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }

        results.Writer.Complete();
        await writers;
    }

    private async Task PollAsync(TchekClient client, ClaimedToken claim, ChannelWriter<TokenWrite> results, SemaphoreSlim slots, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TokenUid"] = claim.Uid });
        try
        {
            var stored = StoredState.Of(claim);
            var started = time.GetTimestamp();
            var fetch = await client.FetchAsync(claim.Uid, ct);
            metrics.UpstreamRequest(time.GetElapsedTime(started), fetch.Outcome.ToString());

            var decision = PollDecision.Of(claim, stored, fetch, time.GetUtcNow(), jitter.Next(), options.Value);
            Report(claim, decision);
            // Not cancelled: what was polled is written (the writer drains the queue at shutdown).
            await results.WriteAsync(decision.Write, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-request: nothing is written; the token is due again when its lease ends.
        }
        catch (Exception ex)
        {
            LogPollFailed(ex, claim.Uid);
            metrics.Polled("error");
        }
        finally
        {
            slots.Release();
        }
    }

    private void Report(ClaimedToken claim, PollDecision decision)
    {
        metrics.Polled(decision.Outcome);
        if (decision.Rejection is { } rejection)
        {
            metrics.InvalidPayload(rejection.Kind.ToString());
            LogInvalidPayload(claim.Uid, rejection.Kind.ToString(), rejection.Reason);
        }

        if (decision.Regression is { } regression)
        {
            LogRegression(claim.Uid, regression.Status, regression.ReachedProgress);
        }

        if (decision.Outcome == "failed")
        {
            LogFetchFailed(claim.Uid, decision.Write.Plan.LastError, decision.Write.Plan.NextPollAt);
        }
    }

    private async Task WriteLoopAsync(ChannelReader<TokenWrite> results)
    {
        var batch = new List<TokenWrite>(options.Value.WriteBatchSize);
        while (await results.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < options.Value.WriteBatchSize && results.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count == 0)
            {
                // Another writer took what woke this one.
                continue;
            }

            try
            {
                // Not cancelled at shutdown: what was polled is written.
                var lost = await store.WriteAsync(batch, CancellationToken.None);
                foreach (var refused in lost)
                {
                    metrics.ClaimLost();
                    LogClaimLost(refused.Claim.Uid, refused.Claim.LeaseVersion);
                }

                var written = batch.Except(lost).SelectMany(w => w.Events).ToList();
                written.ForEach(e => metrics.EventWritten(EventSerialization.TypeName(e)));
                if (written.Count > 0)
                {
                    outboxSignal.Set();
                }
            }
            catch (Exception ex)
            {
                // Nothing of the batch is committed; its tokens are due again when their leases end.
                LogWriteFailed(ex, batch.Count);
            }
        }
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

    [LoggerMessage(LogLevel.Information, "Poller {InstanceId} started")]
    private partial void LogStarted(string instanceId);

    [LoggerMessage(LogLevel.Error, "The claim loop failed; retrying")]
    private partial void LogLoopFailed(Exception ex);

    [LoggerMessage(LogLevel.Error, "Polling token {TokenUid} failed")]
    private partial void LogPollFailed(Exception ex, string tokenUid);

    [LoggerMessage(LogLevel.Warning, "Invalid answer for token {TokenUid}: {Kind}: {Reason}")]
    private partial void LogInvalidPayload(string tokenUid, string kind, string reason);

    [LoggerMessage(LogLevel.Warning, "Token {TokenUid} went back to status {Status} after reaching progress {Progress}")]
    private partial void LogRegression(string tokenUid, int status, int progress);

    [LoggerMessage(LogLevel.Information, "Polling token {TokenUid} failed ({Error}); next poll at {NextPollAt}")]
    private partial void LogFetchFailed(string tokenUid, string? error, DateTimeOffset? nextPollAt);

    [LoggerMessage(LogLevel.Warning, "Claim on token {TokenUid} (version {LeaseVersion}) was lost; its poll outcome was discarded")]
    private partial void LogClaimLost(string tokenUid, long leaseVersion);

    [LoggerMessage(LogLevel.Error, "Writing {Count} poll outcomes failed; those tokens are polled again when their leases end")]
    private partial void LogWriteFailed(Exception ex, int count);
}
