namespace Tchek.Events.StatusPoller.Claim.Rules;

/// <summary>
/// How many due tokens one claim may take: its free slots and a few more to start as slots free up, of which failing
/// tokens may hold at most half the slots, so a vendor stalling on some tokens never takes every slot from the others.
/// </summary>
/// <remarks>
/// Claiming ahead makes a busy instance's claims large: with only the free slots, a saturated instance claims one or
/// two tokens each time a poll ends, and every claim is a transaction of its own (a round trip and a WAL flush).
/// </remarks>
/// <param name="Total">Most tokens to claim.</param>
/// <param name="Failing">Most of them that may be failing tokens (claimed first, in due order).</param>
internal readonly record struct ClaimBudget(int Total, int Failing)
{
    /// <param name="freeSlots">Polling slots free now.</param>
    /// <param name="failingInFlight">Failing tokens being polled now.</param>
    /// <param name="maxConcurrency">All polling slots.</param>
    /// <param name="batchSize">Most tokens per claim.</param>
    /// <param name="claimAhead">Tokens claimed beyond the free slots (at most <paramref name="maxConcurrency"/>); none when no slot is free.</param>
    public static ClaimBudget Of(int freeSlots, int failingInFlight, int maxConcurrency, int batchSize, int claimAhead = 0)
    {
        var ahead = freeSlots > 0 ? Math.Clamp(claimAhead, 0, maxConcurrency) : 0;
        var total = Math.Max(0, Math.Min(freeSlots + ahead, batchSize));
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
