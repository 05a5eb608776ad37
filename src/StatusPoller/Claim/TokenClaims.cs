using System.Diagnostics;
using OpenTelemetry;

namespace Tchek.Events.StatusPoller.Claim;

/// <summary>
/// The claim stage: leases due tokens to this instance, within the request budget when one is set
/// (<see cref="BudgetedClaims"/>), and waits when nothing was due.
/// </summary>
internal sealed class TokenClaims(
    TrackedTokens tokens,
    BudgetedClaims budgeted,
    PollerInstance instance,
    PollingWake wake,
    TimeProvider time,
    IOptions<PollingOptions> options)
{
    /// <summary>The lease owner: this instance.</summary>
    public string Owner => instance.Id;

    /// <summary>
    /// Claims within <paramref name="budget"/>; BudgetEmpty says how long to wait when the budget granted nothing. The
    /// claim's span stands for its statement, so a claim that found nothing leaves no trace.
    /// </summary>
    public async Task<(List<TrackedToken> Claimed, ActivityContext Span, TimeSpan? BudgetEmpty)> ClaimAsync(ClaimBudget budget, CancellationToken ct)
    {
        using var activity = PollerTracing.StartClaim(budget.Total);
        using var quiet = activity is null ? null : SuppressInstrumentationScope.Begin();
        var lease = options.Value.LeaseDuration;
        var (claimed, empty) = budgeted.Enabled
            ? await budgeted.ClaimAsync(budget, time.GetUtcNow(), lease, instance.Id, ct)
            : (await tokens.ClaimDueAsync(budget, time.GetUtcNow(), lease, instance.Id, ct), null);
        if (activity is null)
        {
            return (claimed, default, empty);
        }

        PollerTracing.Claimed(activity, claimed.Count);
        return (claimed, activity.Context, empty);
    }

    /// <summary>
    /// After an empty claim: until the request budget refills when it was empty (a tracked token's
    /// wake-up would find it empty still), otherwise until a token is tracked here or the idle delay ends.
    /// </summary>
    public Task WaitAsync(TimeSpan? budgetEmpty, CancellationToken ct) =>
        budgetEmpty is { } wait ? time.DelayQuietlyAsync(wait, ct) : wake.WaitAsync(options.Value.IdleDelay, ct);
}
