namespace Tchek.Events.StatusPoller.Claim.Rules;

/// <summary>
/// What a claim asked of the budget and was granted. When it got fewer than it wanted, the budget
/// binds: the claim takes due tokens by priority (<see cref="ClaimPriority"/>) rather than in due order.
/// </summary>
/// <param name="Wanted">Polls the claim asked for (its free slots).</param>
/// <param name="Granted">Polls it may make.</param>
/// <param name="UntilNext">How long until the bucket holds a whole poll again (zero when it does now).</param>
internal readonly record struct BudgetGrant(int Wanted, int Granted, TimeSpan UntilNext)
{
    /// <summary>Never wait less than this for an empty bucket: other instances' refunds are read no faster.</summary>
    public static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(50);

    /// <summary>Never wait longer than this: another instance may refund what it took meanwhile.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    public bool Binds => Granted < Wanted;

    /// <summary>How long to wait before asking again, when nothing was granted.</summary>
    public TimeSpan Wait => UntilNext < MinWait ? MinWait : UntilNext > MaxWait ? MaxWait : UntilNext;
}
