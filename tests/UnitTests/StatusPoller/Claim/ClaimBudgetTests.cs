using Tchek.Events.StatusPoller.Claim.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Claim;

/// <summary>Failing tokens never hold more than half the polling slots; the rest is for the others.</summary>
public sealed class ClaimBudgetTests
{
    [Theory]
    [InlineData(64, 0, 64, 200, 64, 32)]
    [InlineData(64, 0, 64, 10, 10, 10)]
    [InlineData(20, 12, 64, 200, 20, 20)]
    [InlineData(20, 32, 64, 200, 20, 0)]
    [InlineData(5, 40, 64, 200, 5, 0)]
    [InlineData(0, 0, 64, 200, 0, 0)]
    [InlineData(1, 0, 1, 200, 1, 1)]
    [InlineData(1, 1, 1, 200, 1, 0)]
    public void Each_claim_gets_the_free_slots_and_failing_tokens_their_share(int free, int failingInFlight, int maxConcurrency, int batchSize, int total, int failing)
    {
        Assert.Equal(new ClaimBudget(total, failing), ClaimBudget.Of(free, failingInFlight, maxConcurrency, batchSize));
    }

    [Fact]
    public void Failing_tokens_in_flight_never_pass_half_the_slots_however_the_claims_fall()
    {
        const int slots = 64;
        for (var failingInFlight = 0; failingInFlight <= slots; failingInFlight++)
        {
            for (var free = 0; free <= slots - failingInFlight; free++)
            {
                var budget = ClaimBudget.Of(free, failingInFlight, slots, 200);
                Assert.InRange(budget.Failing, 0, budget.Total);
                Assert.True(budget.Failing == 0 || failingInFlight + budget.Failing <= slots / 2, $"{failingInFlight} in flight, {budget.Failing} more");
                Assert.Equal(Math.Min(free, 200), budget.Total);
            }
        }
    }

    [Theory]
    [InlineData(1, 0, 64, 200, 32, 33, 32)] // a busy instance: one slot free, 32 more to start as slots free up
    [InlineData(64, 0, 64, 200, 32, 96, 32)] // an idle one: every slot and 32 ahead
    [InlineData(64, 0, 64, 80, 32, 80, 32)] // never past the batch size
    [InlineData(0, 0, 64, 200, 32, 0, 0)] // no slot free: nothing, however far ahead it may claim
    [InlineData(2, 0, 4, 200, 32, 6, 2)] // ahead at most the slots: 4 slots never hold 32 waiting tokens
    [InlineData(1, 32, 64, 200, 32, 33, 0)] // failing tokens already hold half the slots: the ones ahead are healthy
    [InlineData(10, 0, 64, 200, 0, 10, 10)] // 0 claims only the free slots
    public void A_claim_may_take_tokens_ahead_of_its_free_slots(int free, int failingInFlight, int maxConcurrency, int batchSize, int ahead, int total, int failing)
    {
        Assert.Equal(new ClaimBudget(total, failing), ClaimBudget.Of(free, failingInFlight, maxConcurrency, batchSize, ahead));
    }

    [Fact]
    public void Claiming_ahead_never_lets_failing_tokens_pass_half_the_slots()
    {
        // Tokens claimed ahead start only once the claim before them has all started (the claim loop), so the failing
        // ones among them are in flight, and counted, before the next claim's budget is taken.
        const int slots = 64;
        for (var ahead = 0; ahead <= slots + 8; ahead += 8)
        {
            for (var failingInFlight = 0; failingInFlight <= slots; failingInFlight++)
            {
                for (var free = 0; free <= slots - failingInFlight; free++)
                {
                    var budget = ClaimBudget.Of(free, failingInFlight, slots, 200, ahead);
                    Assert.InRange(budget.Failing, 0, budget.Total);
                    Assert.True(budget.Failing == 0 || failingInFlight + budget.Failing <= slots / 2, $"{failingInFlight} in flight, {budget.Failing} more");
                    Assert.Equal(free == 0 ? 0 : Math.Min(free + Math.Min(ahead, slots), 200), budget.Total);
                }
            }
        }
    }
}
