namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// One row of <c>request_budgets</c>: a request budget's token bucket, shared by every instance
/// (<c>Decide.BudgetBucket</c>). Each change is a compare-and-set on <see cref="Version"/>.
/// </summary>
internal sealed record RequestBudgetRow
{
    /// <summary>Which budget: <c>vendor</c> for <c>Tchek:RequestBudgetPerDay</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Polls held, in millionths.</summary>
    public long MicroPolls { get; init; }

    /// <summary>The time up to which the bucket is refilled.</summary>
    public DateTimeOffset RefilledAt { get; init; }

    /// <summary>Polls charged since the row was made, all instances (the console's share of the budget used).</summary>
    public long Charged { get; init; }

    /// <summary>Bumped by every change: a writer that read an older one retries.</summary>
    public long Version { get; init; }
}
