using Tchek.Events.StatusPoller.Claim.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Claim;

/// <summary>A claim under a binding budget takes first the token whose poll is worth most: hazard × time unpolled.</summary>
public sealed class ClaimPriorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    // (seconds since the last poll, seconds since tracked, planned interval seconds or none, priority)
    [InlineData(20.0, 9_999.0, 5.0, 4.0)]
    [InlineData(1_800.0, 9_999.0, 600.0, 3.0)]
    [InlineData(30.0, 9_999.0, 30.0, 1.0)]
    [InlineData(15.0, 9_999.0, null, 0.5)]
    [InlineData(null, 60.0, null, 2.0)]
    [InlineData(null, 60.0, 120.0, 0.5)]
    [InlineData(0.0, 9_999.0, 5.0, 0.0)]
    [InlineData(3.0, 9_999.0, 0.0, 3.0)]
    [InlineData(3.0, 9_999.0, 0.5, 3.0)]
    [InlineData(-10.0, 9_999.0, 5.0, -2.0)]
    public void Priority_is_the_time_unpolled_over_the_planned_interval(double? sincePolled, double sinceTracked, double? interval, double priority)
    {
        var value = ClaimPriority.Of(
            Now, sincePolled is { } s ? Now.AddSeconds(-s) : null, Now.AddSeconds(-sinceTracked), interval is { } i ? TimeSpan.FromSeconds(i) : null);

        Assert.Equal(priority, value, 9);
    }

    [Fact]
    public void A_short_interval_long_unpolled_goes_before_a_long_interval_longer_unpolled()
    {
        var quick = ClaimPriority.Of(Now, Now.AddSeconds(-20), Now.AddDays(-1), TimeSpan.FromSeconds(5));
        var slow = ClaimPriority.Of(Now, Now.AddMinutes(-30), Now.AddDays(-1), TimeSpan.FromMinutes(10));

        Assert.True(quick > slow);
    }

    [Fact]
    public void The_defaults_are_those_the_claim_statement_uses()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), ClaimPriority.DefaultInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), ClaimPriority.MinInterval);
    }
}
