using CsCheck;
using Tchek.Events.StatusPoller.Claim.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Claim;

/// <summary>
/// The budget's bucket over random budgets and random runs of claims, as the pollers run it (claims
/// at any pace, wanting any number, using any part of their grant, refunding it at once or a while
/// later, instances interleaved): it never grants what it does not hold, no 24 hours ever see more
/// polls than the budget, a refund never gives back more than was taken, and a budget in demand is spent.
/// </summary>
public sealed class RequestBudgetPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<RequestBudget> ABudget = Gen.Select(Gen.Int[2, 5_000_000], Gen.Int[1, 86_399], (perDay, burst) => RequestBudget.Of(perDay, TimeSpan.FromSeconds(burst))!);

    // One claim: microseconds since the previous one (up to 6 h, mostly short), what it wants, the
    // share of its grant it uses, and how long after its take the refund comes (0: at once).
    private sealed record Claim(long GapMicros, int Wanted, double Used, long RefundAfterMicros);

    private static readonly Gen<Claim> AClaim = Gen.Select(
        Gen.Frequency((6, Gen.Long[0, 2_000_000]), (3, Gen.Long[0, 600_000_000]), (1, Gen.Long[0, 21_600_000_000])),
        Gen.Int[0, 400],
        Gen.Frequency((2, Gen.Const(1.0)), (1, Gen.Const(0.0)), (2, Gen.Double[0, 1])),
        Gen.Frequency((3, Gen.Const(0L)), (1, Gen.Long[0, 5_000_000])),
        (gap, wanted, used, refundAfter) => new Claim(gap, wanted, used, refundAfter));

    private static readonly Gen<Claim[]> ARun = AClaim.Array[1, 400];

    [Fact]
    public void A_claim_is_never_granted_more_than_the_bucket_holds_nor_than_it_wants()
    {
        Gen.Select(ABudget, Gen.Double[0, 1], Gen.Long[-1_000_000, 100_000_000_000], Gen.Int[-5, 1_000]).Sample((budget, fill, micros, wanted) =>
        {
            var bucket = new BudgetBucket((long)(fill * budget.Capacity * RequestBudget.Micro), Start, 7);
            var now = Start.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
            var held = bucket.Refilled(budget, now);
            var (after, grant) = bucket.Take(budget, wanted, now);

            Assert.InRange(grant.Granted, 0, Math.Max(0, wanted));
            Assert.True(grant.Granted <= held.Available);
            Assert.Equal(Math.Min(Math.Max(0, wanted), held.Available), grant.Granted);
            Assert.InRange(after.MicroPolls, 0, budget.Capacity * RequestBudget.Micro);
            Assert.Equal(held.MicroPolls - grant.Granted * RequestBudget.Micro, after.MicroPolls);
            Assert.Equal(7 + grant.Granted, after.Charged);
        });
    }

    [Fact]
    public void No_24_hours_ever_see_more_polls_than_the_budget()
    {
        Gen.Select(ABudget, ARun).Sample((budget, run) =>
        {
            var polls = Play(budget, run);
            var j = 0;
            long inWindow = 0;
            // Every window of 24 hours that starts at a claim (the fullest windows do).
            for (var i = 0; i < polls.Count; i++)
            {
                while (j < polls.Count && polls[j].At - polls[i].At <= RequestBudget.Day)
                {
                    inWindow += polls[j++].Used;
                }

                Assert.True(inWindow <= budget.PerDay, $"{inWindow} polls in the 24 h from {polls[i].At:O}, budget {budget.PerDay} (bucket {budget.Capacity})");
                inWindow -= polls[i].Used;
            }
        });
    }

    [Fact]
    public void A_refund_never_gives_back_more_than_was_taken_and_unused()
    {
        Gen.Select(ABudget, Gen.Double[0, 1.2], Gen.Int[-5, 500], Gen.Int[-5, 600]).Sample((budget, fill, granted, used) =>
        {
            var bucket = new BudgetBucket((long)(fill * budget.Capacity * RequestBudget.Micro), Start, 1_000);
            var after = bucket.Refund(budget, granted, used);
            var unused = Math.Max(0, granted) - Math.Clamp(used, 0, Math.Max(0, granted));

            Assert.InRange(after.MicroPolls - bucket.MicroPolls, 0, unused * RequestBudget.Micro);
            Assert.True(after.MicroPolls <= Math.Max(bucket.MicroPolls, budget.Capacity * RequestBudget.Micro));
            Assert.Equal(1_000 - unused, after.Charged);
            Assert.Equal(bucket.RefilledAt, after.RefilledAt);
        });
    }

    [Fact]
    public void A_late_refund_never_leaves_more_than_taking_only_what_was_used()
    {
        Gen.Select(ABudget, Gen.Double[0, 1], Gen.Int[0, 500], Gen.Double[0, 1], Gen.Long[0, 100_000_000_000]).Sample((budget, fill, wanted, share, later) =>
        {
            var bucket = new BudgetBucket((long)(fill * budget.Capacity * RequestBudget.Micro), Start, 0);
            var (taken, grant) = bucket.Take(budget, wanted, Start);
            var used = (int)(grant.Granted * share);
            var then = Start.AddTicks(later * TimeSpan.TicksPerMicrosecond);

            var refundedLate = taken.Refilled(budget, then).Refund(budget, grant.Granted, used);
            var (tookOnlyUsed, _) = bucket.Take(budget, used, Start);

            Assert.True(refundedLate.MicroPolls <= tookOnlyUsed.Refilled(budget, then).MicroPolls);
            Assert.Equal(used, refundedLate.Charged);
        });
    }

    [Fact]
    public void A_budget_in_constant_demand_is_spent_at_its_rate()
    {
        Gen.Select(ABudget, Gen.Long[50_000, 30_000_000]).Sample((budget, gapMicros) =>
        {
            // A claim wanting more than the bucket ever holds, every gap, for ten days.
            var claims = (int)Math.Min(20_000, 10 * 86_400_000_000L / gapMicros);
            var run = Enumerable.Repeat(new Claim(gapMicros, int.MaxValue, 1, 0), claims).ToArray();
            var polls = Play(budget, run).Sum(p => p.Used);
            var elapsedDays = (double)gapMicros * claims / 86_400_000_000;

            // A gap that refills more than the bucket holds: the bucket is full at every claim, and what would have
            // overflowed between two claims is not kept (it never holds more than its capacity), so each claim gets
            // the capacity. (CsCheck found it: seed cd5AJbd3ZMb3, 151 polls held, 398 refilled per gap.)
            var refilledPerGap = (Int128)budget.RefillPerDay * RequestBudget.Micro * gapMicros / 86_400_000_000;
            if (refilledPerGap >= budget.Capacity * RequestBudget.Micro)
            {
                Assert.Equal((long)budget.Capacity * claims, polls);
                return;
            }

            // All of the first bucket and the refill, but for what rounds down (under a poll a claim).
            Assert.InRange(polls, budget.Capacity + (long)(budget.RefillPerDay * elapsedDays) - claims - 1, budget.Capacity + (long)(budget.RefillPerDay * elapsedDays) + 1);
        });
    }

    // Plays a run against one bucket: each claim takes, uses its share, and refunds the rest at once
    // or later (after claims that come meanwhile). Returns the polls each claim made, at its take.
    private static List<(DateTimeOffset At, long Used)> Play(RequestBudget budget, Claim[] run)
    {
        var bucket = BudgetBucket.Full(budget, Start);
        var now = Start;
        var polls = new List<(DateTimeOffset At, long Used)>(run.Length);
        var refunds = new PriorityQueue<(int Granted, int Used), DateTimeOffset>();
        foreach (var claim in run)
        {
            now = now.AddTicks(claim.GapMicros * TimeSpan.TicksPerMicrosecond);
            while (refunds.TryPeek(out var due, out var at) && at <= now)
            {
                refunds.Dequeue();
                bucket = bucket.Refilled(budget, at).Refund(budget, due.Granted, due.Used);
            }

            (bucket, var grant) = bucket.Take(budget, claim.Wanted, now);
            var used = (int)Math.Round(grant.Granted * claim.Used);
            polls.Add((now, used));
            if (claim.RefundAfterMicros == 0)
            {
                bucket = bucket.Refund(budget, grant.Granted, used);
            }
            else
            {
                refunds.Enqueue((grant.Granted, used), now.AddTicks(claim.RefundAfterMicros * TimeSpan.TicksPerMicrosecond));
            }
        }

        return polls;
    }
}
