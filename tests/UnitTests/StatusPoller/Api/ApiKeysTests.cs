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

        Assert.Equal(ApiKeyRing.Fingerprint(Key), ring.Match(Key)?.Fingerprint);
        Assert.Equal("key:" + ApiKeyRing.Fingerprint(Key), ring.Match(Key)?.Name);
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

    [Fact]
    public void A_named_client_is_its_name_and_scopes_and_a_deprecated_key_is_admin()
    {
        var options = new ApiOptions { Keys = [Key] };
        options.Clients["crm"] = new ApiClientOptions { Key = "crm-key-0123456789abcdef0123456789ab", Scopes = "Read, track" };
        using var ring = new ApiKeyRing(new Monitor(options), NullLogger<ApiKeyRing>.Instance);

        var crm = ring.Match("crm-key-0123456789abcdef0123456789ab");
        Assert.Equal("crm", crm?.Name);
        Assert.Equal(["read", "track"], crm?.Scopes);
        Assert.Equal(["admin"], ring.Match(Key)?.Scopes);
        Assert.Equal("crm", ring.Find(crm!.Fingerprint)?.Name);
    }

    public static TheoryData<string, string?, string?, string> InvalidClients() => new()
    {
        // name, key, scopes, what the message names
        { "crm", "k3y-0123456789abcdef0123456789abcdef", null, "Api:Clients:crm:Scopes" },
        { "crm", "k3y-0123456789abcdef0123456789abcdef", "read,delete", "not scopes: delete" },
        { "crm", null, "read", "Api:Clients:crm:Key is required" },
        { "crm", "short", "read", "Api:Clients:crm:Key: an API key is at least 32" },
        { "c r m", "k3y-0123456789abcdef0123456789abcdef", "read", "a client's name is" },
    };

    [Theory]
    [MemberData(nameof(InvalidClients))]
    public void A_client_needs_a_long_key_a_name_and_known_scopes(string name, string? key, string? scopes, string message)
    {
        var options = new ApiOptions();
        options.Clients[name] = new ApiClientOptions { Key = key, Scopes = scopes };

        var result = new ApiOptionsValidator(new UpstreamOptionsValidatorTests.Environment("Production")).Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_key_for_two_callers_is_refused_without_saying_the_key()
    {
        var options = new ApiOptions { Keys = [Key] };
        options.Clients["crm"] = new ApiClientOptions { Key = Key, Scopes = "read" };

        var result = new ApiOptionsValidator(new UpstreamOptionsValidatorTests.Environment("Production")).Validate(null, options);

        Assert.Contains("Api:Keys:0, Api:Clients:crm:Key: the same key is given twice", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.FailureMessage, StringComparison.Ordinal);
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
