using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Claim;

/// <summary><c>Polling:Policy</c> and <c>Polling:Adaptive:*</c> as the service binds and validates them at start.</summary>
public sealed class PollingPolicyOptionsTests
{
    private static PollingOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddPolling();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PollingOptions>>().Value;
    }

    private static List<string> Problems(PollingOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!)];

    [Fact]
    public void The_defaults_are_fixed_and_the_adaptive_starting_values()
    {
        var options = Bind([]);
        ISchedulePolicy policy = options;

        Assert.Equal(SchedulePolicyKind.Fixed, policy.Policy);
        Assert.Equal(1.5, policy.AdaptiveGrowth);
        Assert.Equal(new StageBounds(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100)), policy.AdaptiveBounds(AdaptiveStage.Unopened));
        Assert.Equal(new StageBounds(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), policy.AdaptiveBounds(AdaptiveStage.Shooting));
        Assert.Equal(new StageBounds(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)), policy.AdaptiveBounds(AdaptiveStage.AwaitingValidation));
        Assert.Equal(new StageBounds(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), policy.AdaptiveBounds(AdaptiveStage.Validating));
        Assert.Equal(new StageBounds(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2)), policy.AdaptiveBounds(AdaptiveStage.Completed));
        Assert.Empty(Problems(options));
    }

    [Fact]
    public void Each_key_binds_to_its_own_stage_and_the_others_keep_their_defaults()
    {
        ISchedulePolicy policy = Bind(new()
        {
            ["Polling:Policy"] = "adaptive",
            ["Polling:Adaptive:Growth"] = "2",
            ["Polling:Adaptive:Validating:Floor"] = "00:00:02",
            ["Polling:Adaptive:Completed:Ceiling"] = "04:00:00",
        });

        Assert.Equal(SchedulePolicyKind.Adaptive, policy.Policy);
        Assert.Equal(2, policy.AdaptiveGrowth);
        Assert.Equal(new StageBounds(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), policy.AdaptiveBounds(AdaptiveStage.Validating));
        Assert.Equal(new StageBounds(TimeSpan.FromMinutes(1), TimeSpan.FromHours(4)), policy.AdaptiveBounds(AdaptiveStage.Completed));
        Assert.Equal(new StageBounds(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), policy.AdaptiveBounds(AdaptiveStage.Shooting));
    }

    [Fact]
    public void An_unknown_policy_stops_the_start_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Polling:Policy"] = "Adaptve" }));

        Assert.Contains("Polling:Policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_given_as_an_undefined_number_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Polling:Policy"] = "7" }));

        Assert.Contains("Polling:Policy must be Fixed or Adaptive (it is 7).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(-2)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_growth_that_does_not_grow_is_refused(double growth)
    {
        var options = new PollingOptions { Adaptive = { Growth = growth } };

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith("Polling:Adaptive:Growth must be a number greater than 1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_with_a_non_positive_floor_or_a_ceiling_below_it_is_refused_by_name()
    {
        var options = new PollingOptions
        {
            Adaptive =
            {
                Unopened = new(TimeSpan.Zero, TimeSpan.FromMinutes(1)),
                AwaitingValidation = new(TimeSpan.FromSeconds(-1), TimeSpan.FromMinutes(1)),
                Completed = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4)),
            },
        };

        Assert.Equal(
            [
                "Polling:Adaptive:Unopened:Floor must be positive (it is 00:00:00).",
                "Polling:Adaptive:AwaitingValidation:Floor must be positive (it is -00:00:01).",
                "Polling:Adaptive:Completed:Ceiling must be at least its Floor (00:04:00 < 00:05:00).",
            ],
            Problems(options));
    }

    [Fact]
    public void A_ceiling_equal_to_its_floor_is_a_fixed_interval_and_valid()
    {
        var options = new PollingOptions { Adaptive = { Shooting = new(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(9)) } };

        Assert.Empty(Problems(options));
        Assert.Equal(TimeSpan.FromSeconds(9), AdaptiveInterval.Next(((ISchedulePolicy)options).AdaptiveBounds(AdaptiveStage.Shooting), 1.5, false, TimeSpan.FromSeconds(9)));
    }

    [Fact]
    public void Bad_adaptive_values_stop_the_start_even_under_fixed()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Polling:Adaptive:Shooting:Ceiling"] = "00:00:01" }));

        Assert.Contains("Polling:Adaptive:Shooting:Ceiling must be at least its Floor (00:00:01 < 00:00:05).", error.Message, StringComparison.Ordinal);
    }
}
