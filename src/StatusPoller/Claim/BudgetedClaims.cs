namespace Tchek.Events.StatusPoller.Claim;

/// <summary>
/// The request budget around a claim (only when <c>Tchek:RequestBudgetPerDay</c> is set): take from the shared bucket,
/// claim within the grant, give back the rest. A claim is charged for the tokens it claimed: a failed poll or an
/// in-place retry is not refunded.
/// </summary>
internal sealed class BudgetedClaims(RequestBudgets budgets, TrackedTokens tokens, PollerMetrics metrics)
{
    /// <summary>Whether a budget is set; when not, the worker claims as it always did, with no round trip here.</summary>
    public bool Enabled { get; } = budgets.Budget is not null;

    /// <summary>
    /// Claims within <paramref name="budget"/> and what the request budget grants. When it grants
    /// nothing, claims nothing and says how long to wait before asking again.
    /// </summary>
    public async Task<(List<TrackedToken> Claimed, TimeSpan? Empty)> ClaimAsync(
        ClaimBudget budget, DateTimeOffset now, TimeSpan lease, string owner, CancellationToken ct)
    {
        metrics.BudgetSet(budgets.Budget!.PerDay);
        var (grant, bucket) = await budgets.TakeAsync(budget.Total, ct);
        if (grant.Granted == 0)
        {
            metrics.BudgetClaimed(0, heldBack: grant.Binds, bucket.Available);
            return ([], grant.Binds ? grant.Wait : null);
        }

        // A claim that throws keeps what it took: the budget errs towards fewer polls, never more.
        var within = budget.Within(grant.Granted);
        var claimed = grant.Binds
            ? await tokens.ClaimByPriorityAsync(within, now, lease, owner, ct)
            : await tokens.ClaimDueAsync(within, now, lease, owner, ct);
        try
        {
            // Not cancelled: what was taken and not claimed goes back even at shutdown.
            await budgets.RefundAsync(grant, claimed.Count, CancellationToken.None);
        }
        finally
        {
            // Held back: the budget cut the claim short, and tokens were due for all it granted.
            metrics.BudgetClaimed(claimed.Count, heldBack: grant.Binds && claimed.Count == grant.Granted, bucket.Available + grant.Granted - claimed.Count);
        }

        return (claimed, null);
    }
}
