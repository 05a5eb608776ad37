namespace Tchek.Events.StatusPoller.Api.Rules;

/// <summary>Whether a key check may run: yes, or not before <see cref="RetryAfter"/> has passed.</summary>
internal readonly record struct ThrottleVerdict(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly ThrottleVerdict Allow = new(true, TimeSpan.Zero);

    /// <summary><see cref="RetryAfter"/> in whole seconds, rounded up and at least 1: what a Retry-After header says.</summary>
    public int RetryAfterSeconds => Allowed ? 0 : Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>
/// Refuses an address that failed <c>max</c> times within <c>window</c>, checking no key, so guessing
/// cannot go on at a slower pace. Counted per address only: one address never locks out another.
/// </summary>
internal static class FailedKeyThrottle
{
    /// <summary>
    /// The verdict for an attempt at <paramref name="now"/>, given the times of earlier failures
    /// (any order; those outside the window do not count).
    /// </summary>
    public static ThrottleVerdict Decide(IReadOnlyCollection<DateTimeOffset> failures, DateTimeOffset now, int max, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var recent = failures.Where(at => at > now - window && at <= now).Order().ToList();
        if (recent.Count < max)
        {
            return ThrottleVerdict.Allow;
        }

        // Allowed again once only max - 1 failures remain in the window: when the (count - max + 1)th
        // oldest one leaves it.
        var freeing = recent[recent.Count - max];
        return new ThrottleVerdict(false, freeing + window - now);
    }

    /// <summary>Failures still worth keeping at <paramref name="now"/> (the rest can be forgotten).</summary>
    public static bool Counts(DateTimeOffset failure, DateTimeOffset now, TimeSpan window) => failure > now - window;

}
