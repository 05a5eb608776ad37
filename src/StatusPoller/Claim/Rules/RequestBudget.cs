namespace Tchek.Events.StatusPoller.Claim.Rules;

/// <summary>
/// A request budget: at most <see cref="PerDay"/> polls in any 24 hours, all instances together.
/// A token bucket holds it (<see cref="BudgetBucket"/>): it holds at most <see cref="Capacity"/>
/// polls, and refills at (<see cref="PerDay"/> − <see cref="Capacity"/>) a day, so any 24 hours
/// see at most a full bucket plus a day's refill: <see cref="PerDay"/>. The burst lets claims take
/// a batch at once and absorbs a wave of due tokens; the rest of the day is spread evenly.
/// </summary>
internal sealed record RequestBudget
{
    /// <summary>The bucket counts millionths of a poll, so the refill is exact integer arithmetic.</summary>
    public const long Micro = 1_000_000;

    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private RequestBudget(int perDay, int capacity) => (PerDay, Capacity) = (perDay, capacity);

    /// <summary>Most polls in any 24 hours.</summary>
    public int PerDay { get; }

    /// <summary>Most polls the bucket holds: the burst's worth of the budget, at least 1 and less than <see cref="PerDay"/>.</summary>
    public int Capacity { get; }

    /// <summary>Polls the bucket gains in a day.</summary>
    public long RefillPerDay => PerDay - Capacity;

    /// <summary>
    /// The budget of <paramref name="perDay"/> polls a day whose bucket holds <paramref name="burst"/>'s
    /// worth of it; null when <paramref name="perDay"/> is null or 0 (no budget).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <see cref="Invalid"/> says why.</exception>
    public static RequestBudget? Of(int? perDay, TimeSpan burst)
    {
        if (Invalid(perDay, burst) is { } error)
        {
            throw new ArgumentOutOfRangeException(nameof(perDay), error);
        }

        if (perDay is not (> 0 and var polls))
        {
            return null;
        }

        var worth = (long)((Int128)polls * burst.Ticks / Day.Ticks);
        return new RequestBudget(polls, (int)Math.Clamp(worth, 1, polls - 1));
    }

    /// <summary>Why this budget cannot be, or null when it can (none is fine).</summary>
    public static string? Invalid(int? perDay, TimeSpan burst) => perDay switch
    {
        null or 0 => null,
        < 0 => $"must be 0 (no budget) or at least 2 polls a day (it is {perDay})",
        1 => "must be 0 (no budget) or at least 2 polls a day: a bucket of 1 poll that refilled would allow 2 in a day",
        _ when burst <= TimeSpan.Zero || burst >= Day => $"needs a burst above zero and under a day (it is {burst})",
        _ => null,
    };
}
