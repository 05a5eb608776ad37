using Tchek.Events.StatusPoller.Claim.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Claim;

/// <summary>The request budget's bucket: its size, its refill, what a claim takes and gives back.</summary>
public sealed class RequestBudgetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Burst = TimeSpan.FromMinutes(15);

    // 87,300 a day and a bucket of 900 (891 s' worth): refilled at exactly one poll a second.
    private static readonly RequestBudget PerSecond = RequestBudget.Of(86_400 + 900, TimeSpan.FromSeconds(891))!;

    private static BudgetBucket Holding(double polls, DateTimeOffset? at = null, long charged = 0) =>
        new((long)(polls * RequestBudget.Micro), at ?? T0, charged);

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void No_budget_is_none(int? perDay)
    {
        Assert.Null(RequestBudget.Of(perDay, Burst));
        Assert.Null(RequestBudget.Invalid(perDay, Burst));
    }

    [Theory]
    [InlineData(-1, 900, "at least 2")]
    [InlineData(1, 900, "at least 2")]
    [InlineData(100, 0, "burst above zero")]
    [InlineData(100, -60, "burst above zero")]
    [InlineData(100, 86_400, "under a day")]
    public void A_budget_that_cannot_be_says_why(int perDay, int burstSeconds, string why)
    {
        var burst = TimeSpan.FromSeconds(burstSeconds);

        Assert.Contains(why, RequestBudget.Invalid(perDay, burst), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestBudget.Of(perDay, burst));
    }

    [Theory]
    // (per day, burst seconds, capacity): the burst's worth, at least 1, less than the budget.
    [InlineData(96_000, 900, 1_000)]
    [InlineData(87_300, 900, 909)]
    [InlineData(10, 900, 1)]
    [InlineData(2, 900, 1)]
    [InlineData(2, 86_399, 1)]
    [InlineData(1_000, 43_200, 500)]
    [InlineData(1_000, 86_399, 999)]
    [InlineData(int.MaxValue, 86_399, int.MaxValue - 24_856)]
    public void The_bucket_holds_the_bursts_worth_and_refills_the_rest_of_the_day(int perDay, int burstSeconds, int capacity)
    {
        var budget = RequestBudget.Of(perDay, TimeSpan.FromSeconds(burstSeconds))!;

        Assert.Equal(capacity, budget.Capacity);
        Assert.Equal(perDay - capacity, budget.RefillPerDay);
    }

    [Fact]
    public void A_new_bucket_is_full_from_the_whole_microsecond()
    {
        var bucket = BudgetBucket.Full(PerSecond, T0.AddTicks(7));

        Assert.Equal(900, bucket.Available);
        Assert.Equal(T0, bucket.RefilledAt);
        Assert.Equal(0, bucket.Charged);
    }

    [Theory]
    // (held, seconds later, held then): one poll a second, never past the 900 it holds.
    [InlineData(0, 0, 0)]
    [InlineData(0, 1, 1)]
    [InlineData(0, 0.5, 0.5)]
    [InlineData(10, 60, 70)]
    [InlineData(899.5, 60, 900)]
    [InlineData(0, 86_400, 900)]
    [InlineData(900, 1, 900)]
    public void The_bucket_refills_at_its_rate_up_to_its_capacity(double held, double seconds, double expected)
    {
        var refilled = Holding(held).Refilled(PerSecond, T0.AddSeconds(seconds));

        Assert.Equal((long)(expected * RequestBudget.Micro), refilled.MicroPolls);
        Assert.Equal(T0.AddSeconds(seconds), refilled.RefilledAt);
    }

    [Fact]
    public void A_clock_behind_the_bucket_refills_nothing_and_moves_it_no_time_back()
    {
        var bucket = Holding(3);

        Assert.Equal(bucket, bucket.Refilled(PerSecond, T0.AddSeconds(-30)));
    }

    [Fact]
    public void Time_under_a_microsecond_waits_for_the_next_refill()
    {
        var bucket = Holding(3).Refilled(PerSecond, T0.AddTicks(9));

        Assert.Equal(Holding(3), bucket);
    }

    [Fact]
    public void Refills_in_many_steps_never_give_more_than_in_one()
    {
        // 98,959 a day: 1.1453... millionths a microsecond, so each refill drops a fraction.
        var uneven = RequestBudget.Of(100_000, Burst)!;
        var once = Holding(0).Refilled(uneven, T0.AddSeconds(100));
        var stepwise = Holding(0);
        for (var ms = 7; ms <= 100_000; ms += 7)
        {
            stepwise = stepwise.Refilled(uneven, T0.AddMilliseconds(ms));
        }

        stepwise = stepwise.Refilled(uneven, T0.AddSeconds(100));
        Assert.InRange(stepwise.MicroPolls, once.MicroPolls - 100_000 / 7, once.MicroPolls);
    }

    [Theory]
    // (held, wanted, granted, held after): whole polls only, never more than wanted.
    [InlineData(10, 4, 4, 6)]
    [InlineData(10, 10, 10, 0)]
    [InlineData(10, 25, 10, 0)]
    [InlineData(2.7, 5, 2, 0.7)]
    [InlineData(0.9, 1, 0, 0.9)]
    [InlineData(5, 0, 0, 5)]
    [InlineData(5, -3, 0, 5)]
    public void A_claim_takes_what_it_wants_up_to_the_whole_polls_held(double held, int wanted, int granted, double after)
    {
        var (bucket, grant) = Holding(held, charged: 100).Take(PerSecond, wanted, T0);

        Assert.Equal(granted, grant.Granted);
        Assert.Equal((long)Math.Round(after * RequestBudget.Micro), bucket.MicroPolls);
        Assert.Equal(100 + granted, bucket.Charged);
        Assert.Equal(granted < Math.Max(0, wanted), grant.Binds);
    }

    [Fact]
    public void A_claim_refills_before_it_takes()
    {
        var (bucket, grant) = Holding(0).Take(PerSecond, 10, T0.AddSeconds(4.5));

        Assert.Equal(4, grant.Granted);
        Assert.Equal(RequestBudget.Micro / 2, bucket.MicroPolls);
        Assert.Equal(T0.AddSeconds(4.5), bucket.RefilledAt);
        Assert.Equal(TimeSpan.FromSeconds(0.5), grant.UntilNext);
    }

    [Theory]
    // (held, granted, used, held after, charged after): the unused part goes back, never more, never past
    // the capacity (nor lowering a bucket above it); the charge is what was used.
    [InlineData(0, 10, 4, 6, 94)]
    [InlineData(0, 10, 10, 0, 100)]
    [InlineData(0, 10, 0, 10, 90)]
    [InlineData(0, 10, 15, 0, 100)]
    [InlineData(0, 10, -5, 10, 90)]
    [InlineData(895, 10, 0, 900, 90)]
    [InlineData(950, 10, 0, 950, 90)]
    public void A_claim_gives_back_what_it_did_not_use(double held, int granted, int used, double after, long charged)
    {
        var bucket = Holding(held, charged: 100).Refund(PerSecond, granted, used);

        Assert.Equal((long)(after * RequestBudget.Micro), bucket.MicroPolls);
        Assert.Equal(charged, bucket.Charged);
        Assert.Equal(T0, bucket.RefilledAt);
    }

    [Theory]
    // (held, polls wanted, seconds until): at one poll a second.
    [InlineData(0, 1, 1)]
    [InlineData(0.25, 1, 0.75)]
    [InlineData(3, 2, 0)]
    [InlineData(0, 900, 900)]
    public void The_time_until_polls_are_held_is_when_the_refill_covers_them(double held, int polls, double seconds)
    {
        var bucket = Holding(held);
        var until = bucket.UntilAvailable(PerSecond, polls);

        Assert.Equal(TimeSpan.FromSeconds(seconds), until);
        Assert.True(bucket.Refilled(PerSecond, T0 + until).Available >= polls);
        if (until > TimeSpan.Zero)
        {
            Assert.True(bucket.Refilled(PerSecond, T0 + until - TimeSpan.FromMicroseconds(1)).Available < polls);
        }
    }

    [Fact]
    public void More_polls_than_the_bucket_holds_are_never_available()
    {
        Assert.Equal(TimeSpan.MaxValue, Holding(0).UntilAvailable(PerSecond, 901));
    }

    [Fact]
    public void The_until_rounds_up_to_the_microsecond_at_an_uneven_rate()
    {
        var budget = RequestBudget.Of(7, Burst)!; // a bucket of 1, refilled 6 a day: one every 4 h
        var bucket = new BudgetBucket(0, T0, 0);
        var until = bucket.UntilAvailable(budget, 1);

        Assert.Equal(TimeSpan.FromHours(4), until);
        Assert.Equal(1, bucket.Refilled(budget, T0 + until).Available);
        Assert.Equal(0, bucket.Refilled(budget, T0 + until - TimeSpan.FromMicroseconds(1)).Available);
    }

    [Theory]
    // (until next, wait): never a busy loop, never longer than a minute.
    [InlineData(0, 0.05)]
    [InlineData(0.01, 0.05)]
    [InlineData(0.3, 0.3)]
    [InlineData(42, 42)]
    [InlineData(3_600, 60)]
    public void An_empty_bucket_is_asked_again_when_it_holds_a_poll_within_bounds(double untilSeconds, double waitSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(waitSeconds), new BudgetGrant(5, 0, TimeSpan.FromSeconds(untilSeconds)).Wait);
    }

    [Fact]
    public void An_unreachable_poll_waits_the_longest()
    {
        Assert.Equal(BudgetGrant.MaxWait, new BudgetGrant(5, 0, TimeSpan.MaxValue).Wait);
    }

    [Theory]
    // (total, failing, granted, total within, failing within)
    [InlineData(64, 32, 200, 64, 32)]
    [InlineData(64, 32, 10, 10, 10)]
    [InlineData(64, 0, 10, 10, 0)]
    [InlineData(64, 5, 10, 10, 5)]
    [InlineData(64, 32, 0, 0, 0)]
    [InlineData(64, 32, -1, 0, 0)]
    public void A_grant_cuts_the_claim_and_the_failing_share_stands_within_it(int total, int failing, int granted, int totalWithin, int failingWithin)
    {
        Assert.Equal(new ClaimBudget(totalWithin, failingWithin), new ClaimBudget(total, failing).Within(granted));
    }
}
