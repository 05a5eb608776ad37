using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.UnitTests.StatusPoller.Poll;

namespace Tchek.Events.UnitTests.StatusPoller.Api;

/// <summary>API keys: long outside Development, matched by digest, named by fingerprint, rotated live.</summary>
public sealed class ApiKeysTests
{
    private const string Key = "k3y-0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("Production", 31, false)]
    [InlineData("Production", 32, true)]
    [InlineData("Staging", 8, false)]
    [InlineData("Development", 8, true)]
    public void Keys_are_at_least_32_characters_outside_development(string environment, int length, bool valid)
    {
        var options = new ApiOptions { Keys = [new string('k', 40), new string('k', length)] };

        var result = new ApiOptionsValidator(new UpstreamOptionsValidatorTests.Environment(environment)).Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        Assert.True(valid || result.FailureMessage!.Contains("Api:Keys:1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_matches_by_digest_and_is_named_by_its_fingerprint_only()
    {
        using var ring = new ApiKeyRing(new Monitor(new ApiOptions { Keys = ["another-key-that-is-long-enough-000", Key] }), NullLogger<ApiKeyRing>.Instance);

        Assert.Equal(ApiKeyRing.Fingerprint(Key), ring.Match(Key));
        Assert.Matches("^[0-9a-f]{8}$", ApiKeyRing.Fingerprint(Key));
        Assert.DoesNotContain(ApiKeyRing.Fingerprint(Key), Key, StringComparison.Ordinal);
        Assert.Null(ring.Match(Key[..^1]));
        Assert.Null(ring.Match(Key + "0"));
        Assert.Null(ring.Match(""));
    }

    [Fact]
    public void Keys_rotate_when_the_configuration_changes()
    {
        var monitor = new Monitor(new ApiOptions { Keys = [Key] });
        using var ring = new ApiKeyRing(monitor, NullLogger<ApiKeyRing>.Instance);

        monitor.Change(new ApiOptions { Keys = ["the-next-key-0123456789abcdef012345"] });

        Assert.Null(ring.Match(Key));
        Assert.NotNull(ring.Match("the-next-key-0123456789abcdef012345"));
    }

    [Fact]
    public void No_key_refuses_everything()
    {
        using var ring = new ApiKeyRing(new Monitor(new ApiOptions()), NullLogger<ApiKeyRing>.Instance);

        Assert.Null(ring.Match(Key));
        Assert.Null(ring.Match(""));
    }

    private sealed class Monitor(ApiOptions value) : IOptionsMonitor<ApiOptions>
    {
        private Action<ApiOptions, string?>? _listener;

        public ApiOptions CurrentValue { get; private set; } = value;

        public ApiOptions Get(string? name) => CurrentValue;

        public IDisposable OnChange(Action<ApiOptions, string?> listener)
        {
            _listener = listener;
            return new Subscription(this);
        }

        public void Change(ApiOptions next)
        {
            CurrentValue = next;
            _listener?.Invoke(next, null);
        }

        private sealed class Subscription(Monitor monitor) : IDisposable
        {
            public void Dispose() => monitor._listener = null;
        }
    }
}
