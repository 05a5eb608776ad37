namespace Tchek.Events.StatusPoller.Upstream;

/// <summary>
/// Holds every request of this instance while the vendor asked us to wait (429 or 503 with
/// Retry-After): its limit is per client, not per token, so one token's answer pauses them all.
/// </summary>
internal sealed class VendorGate(TimeProvider time)
{
    private long _closedUntilTicks;

    public DateTimeOffset? ClosedUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _closedUntilTicks);
            return ticks > time.GetUtcNow().UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }
    }

    public void CloseFor(TimeSpan wait)
    {
        var until = (time.GetUtcNow() + wait).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _closedUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _closedUntilTicks, until, current) != current);
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
