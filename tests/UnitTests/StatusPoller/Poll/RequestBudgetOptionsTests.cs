using System.ComponentModel.DataAnnotations;
using Tchek.Events.StatusPoller.Poll;

namespace Tchek.Events.UnitTests.StatusPoller.Poll;

/// <summary><c>Tchek:RequestBudgetPerDay</c> and its burst are checked at start, with a message that names the key.</summary>
public sealed class RequestBudgetOptionsTests
{
    [Theory]
    [InlineData(null, 900, true)]
    [InlineData(0, 900, true)]
    [InlineData(2, 900, true)]
    [InlineData(100_000, 900, true)]
    [InlineData(-1, 900, false)]
    [InlineData(1, 900, false)]
    [InlineData(100_000, 0, false)]
    [InlineData(100_000, 86_400, false)]
    public void The_budget_is_none_or_at_least_two_a_day_with_a_burst_under_a_day(int? perDay, int burstSeconds, bool valid)
    {
        var options = new UpstreamOptions { RequestBudgetPerDay = perDay, RequestBudgetBurst = TimeSpan.FromSeconds(burstSeconds) };
        var errors = new List<ValidationResult>();

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.All(errors, e => Assert.StartsWith("Tchek:RequestBudgetPerDay ", e.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void No_budget_is_the_default()
    {
        Assert.Null(new UpstreamOptions().RequestBudgetPerDay);
        Assert.Equal(TimeSpan.FromMinutes(15), new UpstreamOptions().RequestBudgetBurst);
    }
}
