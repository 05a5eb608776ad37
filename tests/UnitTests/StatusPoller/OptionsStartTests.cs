using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Audit;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Hosting;
using Tchek.Events.StatusPoller.Operations;
using Tchek.Events.StatusPoller.OperatorConsole;
using Tchek.Events.StatusPoller.Poll;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Tokens;
using Tchek.Events.StatusPoller.UpstreamHealth;
using Tchek.Events.UnitTests.StatusPoller.Poll;

namespace Tchek.Events.UnitTests.StatusPoller;

/// <summary>Each range and cross-key rule of the poller's options refuses a bad value through the service's own registrations, naming the key.</summary>
public sealed class OptionsStartTests
{
    private static readonly Dictionary<string, Func<IServiceProvider, object>> Sections = new()
    {
        [PollingOptions.Section] = sp => sp.GetRequiredService<IOptions<PollingOptions>>().Value,
        [TrackingOptions.Section] = sp => sp.GetRequiredService<IOptions<TrackingOptions>>().Value,
        [UpstreamOptions.Section] = sp => sp.GetRequiredService<IOptions<UpstreamOptions>>().Value,
        [UpstreamHealthOptions.Section] = sp => sp.GetRequiredService<IOptions<UpstreamHealthOptions>>().Value,
        [ConsoleOptions.Section] = sp => sp.GetRequiredService<IOptions<ConsoleOptions>>().Value,
        [OutboxOptions.Section] = sp => sp.GetRequiredService<IOptions<OutboxOptions>>().Value,
        [HousekeepingOptions.Section] = sp => sp.GetRequiredService<IOptions<HousekeepingOptions>>().Value,
        [ApiOptions.Section] = sp => sp.GetRequiredService<IOptions<ApiOptions>>().Value,
        [AuditOptions.Section] = sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value,
        [ProxyOptions.Section] = sp => sp.GetRequiredService<IOptions<ProxyOptions>>().Value,
    };

    private static void Bind(string key, string value)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());
        services.AddSingleton<IHostEnvironment>(new UpstreamOptionsValidatorTests.Environment(Environments.Development));
        services.AddUpstream().AddPolling().AddOutbox().AddUpstreamHealth().AddTrackingApi().AddOperations().AddOperatorConsole().AddAudit().AddTrustedProxies();
        using var provider = services.BuildServiceProvider();
        _ = Sections[key[..key.IndexOf(':', StringComparison.Ordinal)]](provider);
    }

    [Theory]
    [InlineData("Polling:LeaseDuration")]
    [InlineData("Polling:IdleDelay")]
    [InlineData("Polling:UnopenedInterval")]
    [InlineData("Polling:ActiveInterval")]
    [InlineData("Polling:CompletedInterval")]
    [InlineData("Polling:CompletedTail")]
    [InlineData("Polling:ExpiredValidationGrace")]
    [InlineData("Polling:FailureBackoff")]
    [InlineData("Polling:MaxFailureBackoff")]
    [InlineData("Polling:Adaptive:Shooting:Floor")]
    [InlineData("Tracking:StoppedRetention")]
    [InlineData("Tchek:AttemptTimeout")]
    [InlineData("Tchek:MaxRetryAfter")]
    [InlineData("UpstreamHealth:Window")]
    [InlineData("UpstreamHealth:RetryAfterHoldThreshold")]
    [InlineData("UpstreamHealth:CalmPeriod")]
    [InlineData("UpstreamHealth:CheckInterval")]
    [InlineData("Console:SessionTimeout")]
    [InlineData("Console:SessionLifetime")]
    [InlineData("Console:FailedSignInWindow")]
    [InlineData("Outbox:SweepInterval")]
    [InlineData("Outbox:PublishTimeout")]
    [InlineData("Outbox:Retention")]
    [InlineData("Housekeeping:Interval")]
    [InlineData("Api:MaxReplayWindow")]
    [InlineData("Api:RateLimitWindow")]
    [InlineData("Api:FailedKeyCheckWindow")]
    public void A_duration_that_is_not_positive_stops_the_start_naming_its_key(string key)
    {
        foreach (var value in new[] { "00:00:00", "-00:00:01" })
        {
            var error = Assert.Throws<OptionsValidationException>(() => Bind(key, value));

            Assert.Contains($"{key} must be positive (it is {value}).", error.Message, StringComparison.Ordinal);
        }

        // One tick is positive: whatever else refuses it (a cross-key rule), this rule does not.
        var tick = Record.Exception(() => Bind(key, "00:00:00.0000001"));
        Assert.DoesNotContain($"{key} must be positive", tick?.Message ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Console:SampleInterval", "00:00:00.9", "Console:SampleInterval must be between 00:00:01 and 00:05:00.")]
    [InlineData("Console:SampleInterval", "00:05:01", "Console:SampleInterval must be between 00:00:01 and 00:05:00.")]
    [InlineData("Console:SessionLifetime", "00:19:59", "Console:SessionLifetime must be at least SessionTimeout (00:19:59 < 00:20:00).")]
    [InlineData("Audit:Retention", "23:59:59", "Audit:Retention must be at least 1.00:00:00.")]
    [InlineData("Polling:MaxFailureBackoff", "00:00:14", "Polling:MaxFailureBackoff must be at least FailureBackoff (00:00:14 < 00:00:15).")]
    [InlineData("UpstreamHealth:CheckInterval", "00:05:01", "UpstreamHealth:CheckInterval must be at most CalmPeriod (00:05:01 > 00:05:00).")]
    [InlineData("Tchek:AttemptTimeout", "00:00:21", "Tchek:AttemptTimeout must be at most TotalTimeout (00:00:21 > 00:00:20).")]
    [InlineData("Tchek:BaseUrl", "https://alto.tchek.fr/apiV1", "Tchek:BaseUrl must be absolute and end with '/' (it is https://alto.tchek.fr/apiV1).")]
    [InlineData("Api:RateLimitPermits", "0", "The field RateLimitPermits must be between 1 and 1000000.")]
    [InlineData("Proxy:ForwardLimit", "11", "The field ForwardLimit must be between 1 and 10.")]
    [InlineData("Proxy:KnownProxies:0", "10.0.0.300", "Proxy:KnownProxies:0 is not an IP address ('10.0.0.300').")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/33", "Proxy:KnownNetworks:0 is not a network in CIDR form ('10.0.0.0/33').")]
    public void A_value_out_of_its_range_or_against_another_key_stops_the_start(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(key, value));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_failure_is_reported_at_once_attributes_and_cross_key_rules_together()
    {
        var failures = OptionsAtStart.Failures(new PollingOptions { IdleDelay = TimeSpan.Zero, MaxFailureBackoff = TimeSpan.FromSeconds(1) }, new PollingOptionsValidator());

        Assert.Equal(2, failures.Count);
        Assert.Contains("Polling:IdleDelay must be positive (it is 00:00:00).", failures[0], StringComparison.Ordinal);
        Assert.Equal("Polling:MaxFailureBackoff must be at least FailureBackoff (00:00:01 < 00:00:15).", failures[1]);
    }
}
