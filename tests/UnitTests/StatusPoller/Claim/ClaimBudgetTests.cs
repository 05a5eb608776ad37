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
}
