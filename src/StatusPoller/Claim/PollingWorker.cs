using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using Tchek.Events.StatusPoller.Claim.Rules;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Hosting;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Poll;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Telemetry;
using Tchek.Events.StatusPoller.Tokens;
using Tchek.Events.StatusPoller.Write;

namespace Tchek.Events.StatusPoller.Claim;

/// <summary>
/// Claims due tokens, polls them with bounded concurrency, and hands each outcome to a writer that
/// commits state and events in batches. Coordinates only: the decisions are <see cref="PollDecision"/>'s.
/// A Retry-After needs nothing here: the client holds every request while it runs, and the polls it
/// holds keep their slots, so claiming pauses with them. Tokens that are failing (a stalling or
/// erring vendor) hold at most half the slots, so the others keep their cadence.
/// </summary>
internal sealed partial class PollingWorker(
    TrackedTokens tokens,
    UpstreamClient client,
    IOptions<PollingOptions> options,
    TimeProvider time,
    IJitter jitter,
    PollerInstance instance,
    PollingWake wake,
    UpstreamWindow upstream,
    PollerMetrics metrics,
    BudgetedClaims budgeted,
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
        var writers = Task.WhenAll(Enumerable.Range(0, o.Writers).Select(_ => WriteLoopAsync(results.Reader)));
        using var slots = new SemaphoreSlim(o.MaxConcurrency, o.MaxConcurrency);
        LogStarted(instance.Id);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                slots.Release();
                var budget = ClaimBudget.Of(slots.CurrentCount, Volatile.Read(ref _failingInFlight), o.MaxConcurrency, o.BatchSize);
                var (claimed, claimSpan, budgetEmpty) = await ClaimAsync(budget, o, stoppingToken);
                if (claimed.Count == 0)
                {
                    // An empty request budget: a tracked token's wake-up would find it empty still.
                    await (budgetEmpty is { } wait ? time.DelayQuietlyAsync(wait, stoppingToken) : wake.WaitAsync(o.IdleDelay, stoppingToken));
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

    // The claim's span stands for its statement (Npgsql's own span of it is suppressed), so a claim
    // that found nothing due leaves no trace at all.
    // With a request budget set, the claim asks it first (BudgetedClaims); Empty: it granted nothing.
    private async Task<(List<TrackedToken> Claimed, ActivityContext Span, TimeSpan? BudgetEmpty)> ClaimAsync(ClaimBudget budget, PollingOptions o, CancellationToken ct)
    {
        using var activity = PollerTracing.StartClaim(budget.Total);
        using var quiet = activity is null ? null : SuppressInstrumentationScope.Begin();
        var (claimed, empty) = budgeted.Enabled
            ? await budgeted.ClaimAsync(budget, time.GetUtcNow(), o.LeaseDuration, instance.Id, ct)
            : (await tokens.ClaimDueAsync(budget, time.GetUtcNow(), o.LeaseDuration, instance.Id, ct), null);
        if (activity is null)
        {
            return (claimed, default, empty);
        }

        PollerTracing.Claimed(activity, claimed.Count);
        return (claimed, activity.Context, empty);
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

            // Not cancelled at shutdown: what was polled is written.
            try
            {
                Written(batch, await WriteAsync(batch));
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                // One bad write must not cost its neighbours their observations: token by token.
                LogBatchRetried(ex, batch.Count);
                await WriteOneByOneAsync(batch);
            }
            catch (Exception ex)
            {
                await WriteFailureAsync(batch[0], ex);
            }
        }
    }

    private async Task WriteOneByOneAsync(List<TokenWrite> batch)
    {
        foreach (var write in batch)
        {
            try
            {
                Written([write], await WriteAsync([write]));
            }
            catch (PostgresException ex)
            {
                await WriteFailureAsync(write, ex);
            }
            catch (Exception ex)
            {
                // The database itself is out of reach: the rest would fail alike. Their leases run
                // out and they are polled again; nothing was committed, so nothing is lost.
                LogWriteFailed(ex, batch.Count);
                return;
            }
        }
    }

    // The database refused this token's write: keep nothing of the poll, record why, back off.
    private async Task WriteFailureAsync(TokenWrite write, Exception ex)
    {
        var error = ex is PostgresException postgres ? $"{postgres.SqlState} {postgres.MessageText}" : ex.GetType().Name;
        LogTokenWriteFailed(ex, write.Claim.Uid);
        try
        {
            var failure = TokenWrite.WriteFailed(write, error, time.GetUtcNow(), jitter.Next(), options.Value);
            Written([failure], await WriteAsync([failure]));
        }
        catch (Exception again)
        {
            // Even the failure could not be written: the lease runs out and the token is polled again.
            LogWriteFailed(again, 1);
        }
    }

    // Untraced writes (tracing off) go straight to the table, with nothing to allocate for spans.
    private Task<List<TokenWrite>> WriteAsync(List<TokenWrite> batch) =>
        WriteSpans.Any(batch) ? WriteTracedAsync(batch) : tokens.WriteAsync(batch, CancellationToken.None);

    // Async on its own: starting the spans sets the current activity, which must not outlive this call.
    private async Task<List<TokenWrite>> WriteTracedAsync(List<TokenWrite> batch)
    {
        var spans = WriteSpans.Start(batch);
        try
        {
            var lost = await tokens.WriteAsync(batch, CancellationToken.None);
            spans?.Written(lost);
            return lost;
        }
        catch (Exception ex)
        {
            spans?.Failed(ex);
            throw;
        }
        finally
        {
            spans?.Stop();
        }
    }

    private void Written(List<TokenWrite> batch, List<TokenWrite> lost)
    {
        foreach (var refused in lost)
        {
            metrics.ClaimLost();
            LogClaimLost(refused.Claim.Uid, refused.Claim.LeaseVersion);
        }

        foreach (var evt in batch.Except(lost).SelectMany(w => w.Decision.Events))
        {
            metrics.EventWritten(EventSerialization.TypeName(evt));
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

    [LoggerMessage(LogLevel.Warning, "Writing a batch of {Count} poll outcomes failed; writing them one by one")]
    private partial void LogBatchRetried(Exception ex, int count);

    [LoggerMessage(LogLevel.Error, "The database refused the poll outcome of token {TokenUid}; its failure is recorded and it backs off")]
    private partial void LogTokenWriteFailed(Exception ex, string tokenUid);
}
