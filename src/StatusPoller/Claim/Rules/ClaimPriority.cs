namespace Tchek.Events.StatusPoller.Claim.Rules;

/// <summary>
/// Which due token a claim takes first when the request budget binds: the expected value of a poll,
/// the token's change hazard (1 / its planned interval) times the time since it was last polled (or
/// tracked). A token polled every 5 s and unpolled for 20 s (4) goes before one polled every 10 min
/// and unpolled for 30 min (3). <c>TrackedTokens</c> mirrors this formula in SQL.
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
