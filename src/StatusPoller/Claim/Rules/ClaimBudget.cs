namespace Tchek.Events.StatusPoller.Claim.Rules;

/// <summary>
/// How many due tokens one claim may take: its free slots, of which failing tokens may hold at most half, so a vendor
/// stalling on some tokens never takes every slot from the others.
/// </summary>
/// <param name="Total">Most tokens to claim.</param>
/// <param name="Failing">Most of them that may be failing tokens (claimed first, in due order).</param>
internal readonly record struct ClaimBudget(int Total, int Failing)
{
    /// <param name="freeSlots">Polling slots free now.</param>
    /// <param name="failingInFlight">Failing tokens being polled now.</param>
    /// <param name="maxConcurrency">All polling slots.</param>
    /// <param name="batchSize">Most tokens per claim.</param>
    public static ClaimBudget Of(int freeSlots, int failingInFlight, int maxConcurrency, int batchSize)
    {
        var total = Math.Max(0, Math.Min(freeSlots, batchSize));
        var failingShare = Math.Max(1, maxConcurrency / 2);
        return new ClaimBudget(total, Math.Clamp(failingShare - failingInFlight, 0, total));
    }

    /// <summary>
    /// This budget cut to the polls the request budget granted. The failing tokens' share is about
    /// slots, so it stands: they may still take up to it, of what was granted.
    /// </summary>
    public ClaimBudget Within(int granted)
    {
        var total = Math.Clamp(granted, 0, Total);
        return new ClaimBudget(total, Math.Min(Failing, total));
    }
}
