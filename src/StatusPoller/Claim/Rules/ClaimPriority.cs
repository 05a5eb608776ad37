namespace Tchek.Events.StatusPoller.Claim.Rules;

/// <summary>
/// Which due token a claim takes first when the budget binds: change hazard (1 / planned interval) times the time since
/// last polled (or tracked). <c>TrackedTokens</c> mirrors this formula in SQL.
/// </summary>
internal static class ClaimPriority
{
    /// <summary>The interval of a token with none planned yet (tracked before its first poll, or before intervals were kept).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    /// <summary>No interval counts as shorter than this: a zero would divide by zero.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    public static double Of(DateTimeOffset now, DateTimeOffset? lastPolledAt, DateTimeOffset createdAt, TimeSpan? pollInterval)
    {
        var interval = pollInterval ?? DefaultInterval;
        return (now - (lastPolledAt ?? createdAt)).TotalSeconds / (interval < MinInterval ? MinInterval : interval).TotalSeconds;
    }
}
