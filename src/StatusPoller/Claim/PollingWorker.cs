using System.Diagnostics;
using System.Threading.Channels;
using Tchek.Events.StatusPoller.Write;

namespace Tchek.Events.StatusPoller.Claim;

/// <summary>
/// Claims due tokens (<see cref="TokenClaims"/>), polls them with bounded concurrency, and hands each outcome to
/// <see cref="PollWriter"/>. Failing tokens hold at most half the slots, so the others keep their cadence.
/// </summary>
internal sealed partial class PollingWorker(
    TokenClaims claims,
    UpstreamClient client,
    IOptions<PollingOptions> options,
    TimeProvider time,
    IJitter jitter,
    UpstreamWindow upstream,
    PollerMetrics metrics,
    PollWriter writer,
    ILogger<PollingWorker> logger) : BackgroundService
{
    // Failing tokens being polled: they may hold at most half the slots (ClaimBudget).
    private int _failingInFlight;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        // Bounded: a poll's slot is freed only once its outcome is queued for the writer, so when writes
        // fall behind, claiming slows to their pace instead of queueing outcomes without end.
        var results = Channel.CreateBounded<TokenWrite>(new BoundedChannelOptions(o.WriteBatchSize * 2) { FullMode = BoundedChannelFullMode.Wait });
        var writers = Task.WhenAll(Enumerable.Range(0, o.Writers).Select(_ => writer.RunAsync(results.Reader, o.WriteBatchSize, o.WriteDelay)));
        using var slots = new SemaphoreSlim(o.MaxConcurrency, o.MaxConcurrency);
        LogStarted(claims.Owner);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                slots.Release();
                var budget = ClaimBudget.Of(slots.CurrentCount, Volatile.Read(ref _failingInFlight), o.MaxConcurrency, o.BatchSize);
                var (claimed, claimSpan, budgetEmpty) = await claims.ClaimAsync(budget, stoppingToken);
                if (claimed.Count == 0)
                {
                    await claims.WaitAsync(budgetEmpty, stoppingToken);
                    continue;
                }

                foreach (var claim in claimed)
                {
                    await slots.WaitAsync(CancellationToken.None);
                    if (claim.FailureCount > 0)
                    {
                        Interlocked.Increment(ref _failingInFlight);
                    }

                    _ = PollAsync(claim, claimSpan, results.Writer, slots, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogLoopFailed(ex);
                await time.DelayQuietlyAsync(o.IdleDelay, stoppingToken);
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

    private async Task PollAsync(TrackedToken claim, ActivityContext claimSpan, ChannelWriter<TokenWrite> results, SemaphoreSlim slots, CancellationToken ct)
    {
        // Every line logged while polling this token carries its uid (and, when traced, the trace id).
        using var scope = logger.BeginScope(new TokenLogScope(claim.Uid));
        using var activity = PollerTracing.StartPoll(claim.Uid, claimSpan);
        try
        {
            var started = time.GetTimestamp();
            var fetch = await client.FetchAsync(claim.Uid, ct);
            metrics.UpstreamRequest(time.GetElapsedTime(started), fetch.Outcome.ToString());

            var write = TokenWrite.Poll(claim, fetch, time.GetUtcNow(), jitter.Next(), options.Value, activity?.Context ?? default);
            if (activity is not null)
            {
                PollerTracing.Polled(activity, write.Decision);
            }

            Report(claim.Uid, write.Decision);
            upstream.Record(write.Decision.Outcome);
            // Not cancelled: what was polled is written (the writer drains the queue at shutdown).
            await results.WriteAsync(write, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-request: nothing is written; the token is due again when its lease ends.
        }
        catch (Exception ex)
        {
            PollerTracing.Failed(activity, ex);
            LogPollFailed(ex, claim.Uid);
            metrics.Polled("error");
        }
        finally
        {
            if (claim.FailureCount > 0)
            {
                Interlocked.Decrement(ref _failingInFlight);
            }

            slots.Release();
        }
    }

    private void Report(string uid, PollDecision decision)
    {
        metrics.Polled(decision.Outcome);
        if (decision.Rejection is { } rejection)
        {
            metrics.InvalidPayload(rejection.Kind.ToString());
            LogInvalidPayload(uid, rejection.Kind.ToString(), rejection.Reason);
        }

        if (decision.Regression is { } regression)
        {
            LogRegression(uid, regression.Status, regression.ReachedProgress);
        }

        if (decision.Outcome == PollOutcome.Failed)
        {
            LogFetchFailed(uid, decision.Plan.LastError, decision.Plan.NextPollAt);
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
}
