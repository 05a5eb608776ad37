using System.Threading.Channels;
using Tchek.Events.StatusPoller.Write.Rules;

namespace Tchek.Events.StatusPoller.Write;

/// <summary>
/// The write stage: commits outcomes in fenced batches. A write the database refuses becomes a failure with a back-off,
/// so its neighbours still land.
/// </summary>
internal sealed partial class PollWriter(
    TrackedTokens tokens,
    ISchedulePolicy policy,
    TimeProvider time,
    IJitter jitter,
    PollerMetrics metrics,
    ILogger<PollWriter> logger)
{
    /// <summary>
    /// Writes what <paramref name="results"/> holds, up to <paramref name="batchSize"/> at a time, until it completes.
    /// A batch of unchanged polls that is not full waits <paramref name="delay"/> once for more (<see cref="WriteBatching"/>).
    /// </summary>
    public async Task RunAsync(ChannelReader<TokenWrite> results, int batchSize, TimeSpan delay)
    {
        var batch = new List<TokenWrite>(batchSize);
        while (await results.WaitToReadAsync())
        {
            batch.Clear();
            Take(results, batch, batchSize);
            if (batch.Count == 0)
            {
                // Another writer took what woke this one.
                continue;
            }

            if (WriteBatching.Waits(batch.Count, batchSize, Events(batch), delay))
            {
                await time.DelayQuietlyAsync(delay, CancellationToken.None);
                Take(results, batch, batchSize);
            }

            await WriteAsync(batch);
        }
    }

    private static int Events(List<TokenWrite> batch)
    {
        var events = 0;
        foreach (var write in batch)
        {
            events += write.Decision.Events.Count;
        }

        return events;
    }

    private static void Take(ChannelReader<TokenWrite> results, List<TokenWrite> batch, int batchSize)
    {
        while (batch.Count < batchSize && results.TryRead(out var write))
        {
            batch.Add(write);
        }
    }

    /// <summary>
    /// Writes <paramref name="batch"/>, token by token when the batch fails. Never throws: what could
    /// not be written is polled again when its lease ends. Returns the writes refused because their claim was lost.
    /// </summary>
    public async Task<List<TokenWrite>> WriteAsync(List<TokenWrite> batch)
    {
        // Not cancelled at shutdown: what was polled is written.
        try
        {
            var lost = await WriteOnceAsync(batch);
            Written(batch, lost);
            return lost;
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad write must not cost its neighbours their observations: token by token.
            LogBatchRetried(ex, batch.Count);
            return await WriteOneByOneAsync(batch);
        }
        catch (Exception ex)
        {
            return await WriteFailureAsync(batch[0], ex);
        }
    }

    private async Task<List<TokenWrite>> WriteOneByOneAsync(List<TokenWrite> batch)
    {
        var lost = new List<TokenWrite>();
        foreach (var write in batch)
        {
            try
            {
                var refused = await WriteOnceAsync([write]);
                Written([write], refused);
                lost.AddRange(refused);
            }
            catch (PostgresException ex) when (!IsConnectionLost(ex))
            {
                lost.AddRange(await WriteFailureAsync(write, ex));
            }
            catch (Exception ex)
            {
                // The database itself is out of reach: the rest would fail alike. Their leases run
                // out and they are polled again; nothing was committed, so nothing is lost.
                LogWriteFailed(ex, batch.Count);
                break;
            }
        }

        return lost;
    }

    // A failover or a restart ends sessions (57P01-57P03), breaks connections (class 08), or leaves a connection on a
    // server now read-only (25006): not this token's fault, so no failure is recorded; its lease runs out instead.
    private static bool IsConnectionLost(PostgresException ex) =>
        ex.IsTransient || ex.SqlState.StartsWith("08", StringComparison.Ordinal) || ex.SqlState is "57P01" or "57P02" or "57P03" or "25006";

    // The database refused this token's write: keep nothing of the poll, record why, back off.
    private async Task<List<TokenWrite>> WriteFailureAsync(TokenWrite write, Exception ex)
    {
        var error = ex is PostgresException postgres ? $"{postgres.SqlState} {postgres.MessageText}" : ex.GetType().Name;
        LogTokenWriteFailed(ex, write.Claim.Uid);
        try
        {
            var failure = TokenWrite.WriteFailed(write, error, time.GetUtcNow(), jitter.Next(), policy);
            var lost = await WriteOnceAsync([failure]);
            Written([failure], lost);
            return lost;
        }
        catch (Exception again)
        {
            // Even the failure could not be written: the lease runs out and the token is polled again.
            LogWriteFailed(again, 1);
            return [];
        }
    }

    // Untraced writes (tracing off) go straight to the table, with nothing to allocate for spans.
    private Task<List<TokenWrite>> WriteOnceAsync(List<TokenWrite> batch) =>
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

        // By reference: the writes are records, and hashing them by value hashed every snapshot's JSON, each poll.
        var lostSet = lost.Count == 0 ? null : lost.ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var write in batch)
        {
            if (lostSet?.Contains(write) == true)
            {
                continue;
            }

            foreach (var evt in write.Decision.Events)
            {
                metrics.EventWritten(EventSerialization.TypeName(evt));
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Claim on token {TokenUid} (version {LeaseVersion}) was lost; its poll outcome was discarded")]
    private partial void LogClaimLost(string tokenUid, long leaseVersion);

    [LoggerMessage(LogLevel.Error, "Writing {Count} poll outcomes failed; those tokens are polled again when their leases end")]
    private partial void LogWriteFailed(Exception ex, int count);

    [LoggerMessage(LogLevel.Warning, "Writing a batch of {Count} poll outcomes failed; writing them one by one")]
    private partial void LogBatchRetried(Exception ex, int count);

    [LoggerMessage(LogLevel.Error, "The database refused the poll outcome of token {TokenUid}; its failure is recorded and it backs off")]
    private partial void LogTokenWriteFailed(Exception ex, string tokenUid);
}
