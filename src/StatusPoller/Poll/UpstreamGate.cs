namespace Tchek.Events.StatusPoller.Poll;

/// <summary>
/// Holds every request of this instance while the vendor asked us to wait (429 or 503 with
/// Retry-After): its limit is per client, not per token, so one token's answer pauses them all.
/// </summary>
internal sealed class UpstreamGate(TimeProvider time)
{
    // One reference, swapped whole: the hold's length and end always belong together.
    private RetryAfterHold? _hold;

    public DateTimeOffset? ClosedUntil => Hold?.Until;

    /// <summary>The hold in force (as long as the vendor asked, until when), or null.</summary>
    public RetryAfterHold? Hold => Volatile.Read(ref _hold) is { } hold && hold.Until > time.GetUtcNow() ? hold : null;

    public void CloseFor(TimeSpan wait)
    {
        var next = new RetryAfterHold(wait, time.GetUtcNow() + wait);
        RetryAfterHold? current;
        do
        {
            current = Volatile.Read(ref _hold);
            if (current is not null && current.Until >= next.Until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _hold, next, current) != current);
    }

    public async ValueTask WaitAsync(CancellationToken ct)
    {
        while (ClosedUntil is { } until)
        {
            var wait = until - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct);
            }
        }
    }
}
