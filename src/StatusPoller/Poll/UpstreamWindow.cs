namespace Tchek.Events.StatusPoller.Poll;

/// <summary>
/// This instance's polls over a sliding window, and the Retry-After hold in force: what the upstream health rule judges
/// by. <see cref="Slices"/> slices keep its memory the same at any poll rate.
/// </summary>
internal sealed class UpstreamWindow(TimeProvider time, UpstreamGate gate, TimeSpan length)
{
    public const int Slices = 60;

    private readonly long _sliceTicks = Math.Max(1, length.Ticks / Slices);
    private readonly (long Slice, int Polls, int Failed)[] _slices = new (long, int, int)[Slices];
    private readonly Lock _lock = new();
    private bool _lastFailed;

    public TimeSpan Length => length;

    /// <summary>Counts one finished poll, failed or not (<see cref="UpstreamHealthRule.IsFailure"/>).</summary>
    public void Record(PollOutcome outcome)
    {
        var failed = UpstreamHealthRule.IsFailure(outcome);
        var slice = time.GetUtcNow().UtcTicks / _sliceTicks;
        lock (_lock)
        {
            ref var at = ref _slices[slice % Slices];
            at = at.Slice == slice ? (slice, at.Polls + 1, at.Failed + (failed ? 1 : 0)) : (slice, 1, failed ? 1 : 0);
            _lastFailed = failed;
        }
    }

    /// <summary>The polls of the last <see cref="Length"/> (to a slice), the last poll's outcome, and the hold in force.</summary>
    public UpstreamObservation Observe()
    {
        var current = time.GetUtcNow().UtcTicks / _sliceTicks;
        int polls = 0, failed = 0;
        bool lastFailed;
        lock (_lock)
        {
            foreach (var (slice, p, f) in _slices)
            {
                if (slice > current - Slices && slice <= current)
                {
                    polls += p;
                    failed += f;
                }
            }

            lastFailed = _lastFailed;
        }

        return new UpstreamObservation(polls, failed, lastFailed, gate.Hold);
    }
}
