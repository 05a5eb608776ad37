namespace Tchek.Events.StatusPoller.Claim.Rules;

/// <summary>
/// The token bucket of a <see cref="RequestBudget"/>, as stored (one row for all instances): the
/// polls it holds, in millionths (<see cref="RequestBudget.Micro"/>), the time up to which it is
/// refilled (whole microseconds, as PostgreSQL keeps time), and the polls charged since it was made.
/// A claim takes what it wants, up to the whole polls held, and gives back what it did not use.
/// Refilling drops the odd fraction of a millionth: the budget errs only on the side of fewer polls.
/// </summary>
internal readonly record struct BudgetBucket(long MicroPolls, DateTimeOffset RefilledAt, long Charged)
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;
    private const long MicrosecondsPerDay = 86_400_000_000;

    /// <summary>A new bucket, full: a fresh budget may spend its burst at once.</summary>
    public static BudgetBucket Full(RequestBudget budget, DateTimeOffset now) =>
        new(budget.Capacity * RequestBudget.Micro, new DateTimeOffset(now.UtcTicks - now.UtcTicks % TicksPerMicrosecond, TimeSpan.Zero), 0);

    /// <summary>Whole polls held.</summary>
    public int Available => (int)Math.Min(int.MaxValue, Math.Max(0, MicroPolls) / RequestBudget.Micro);

    /// <summary>
    /// Refilled up to <paramref name="now"/> (no further than the whole microseconds passed), never
    /// above the capacity; a clock behind <see cref="RefilledAt"/> refills nothing.
    /// </summary>
    public BudgetBucket Refilled(RequestBudget budget, DateTimeOffset now)
    {
        var elapsed = (now - RefilledAt).Ticks / TicksPerMicrosecond;
        if (elapsed <= 0)
        {
            return this;
        }

        // RefillPerDay polls a day = RefillPerDay × Micro millionths per 86,400 × 10⁶ µs.
        var added = (Int128)budget.RefillPerDay * RequestBudget.Micro * elapsed / MicrosecondsPerDay;
        var level = Int128.Min(budget.Capacity * RequestBudget.Micro, MicroPolls + added);
        return this with { MicroPolls = (long)level, RefilledAt = RefilledAt.AddTicks(elapsed * TicksPerMicrosecond) };
    }

    /// <summary>Refills to <paramref name="now"/>, then takes up to <paramref name="wanted"/> whole polls.</summary>
    public (BudgetBucket Bucket, BudgetGrant Grant) Take(RequestBudget budget, int wanted, DateTimeOffset now)
    {
        var refilled = Refilled(budget, now);
        var granted = Math.Clamp(wanted, 0, refilled.Available);
        var after = refilled with { MicroPolls = refilled.MicroPolls - granted * RequestBudget.Micro, Charged = refilled.Charged + granted };
        return (after, new BudgetGrant(Math.Max(0, wanted), granted, after.UntilAvailable(budget, 1)));
    }

    /// <summary>
    /// Gives back what a claim was granted and did not use: never more than it was granted, never
    /// above the capacity (a bucket above it, after the budget was lowered, keeps its level).
    /// </summary>
    public BudgetBucket Refund(RequestBudget budget, int granted, int used)
    {
        var unused = Math.Max(0, granted) - Math.Clamp(used, 0, Math.Max(0, granted));
        if (unused == 0)
        {
            return this;
        }

        var level = Math.Max(MicroPolls, Math.Min(budget.Capacity * RequestBudget.Micro, MicroPolls + unused * RequestBudget.Micro));
        return this with { MicroPolls = level, Charged = Charged - unused };
    }

    /// <summary>How long until the bucket holds <paramref name="polls"/> whole polls; <see cref="TimeSpan.MaxValue"/> when it never can.</summary>
    public TimeSpan UntilAvailable(RequestBudget budget, int polls)
    {
        var missing = polls * RequestBudget.Micro - MicroPolls;
        if (missing <= 0)
        {
            return TimeSpan.Zero;
        }

        if (polls > budget.Capacity)
        {
            return TimeSpan.MaxValue;
        }

        // The least whole µs whose refill covers what is missing (the refill rounds down).
        var perDay = (Int128)budget.RefillPerDay * RequestBudget.Micro;
        var micros = ((Int128)missing * MicrosecondsPerDay + perDay - 1) / perDay;
        return TimeSpan.FromTicks((long)micros * TicksPerMicrosecond);
    }
}
