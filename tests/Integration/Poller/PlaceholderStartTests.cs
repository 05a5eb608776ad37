using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>Issue #22, finding 7: a shipped placeholder secret stops the start outside Development.</summary>
[Collection("services")]
public sealed class PlaceholderStartTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task A_placeholder_key_or_password_stops_the_start_naming_the_option_not_the_value()
    {
        // The template's key is 33 characters: it passes the length rule, so only this check stops it.
        const string key = "REPLACE-ME-with-a-long-random-key";
        await using var poller = StartProcess(new Dictionary<string, string?>
        {
            ["Api:Keys:0"] = key,
            ["Tchek:ApiKey"] = "REPLACE-ME",
        });

        Assert.NotEqual(0, await poller.ExitCodeWithinAsync(TimeSpan.FromSeconds(30)) ?? 0);
        Assert.Contains(poller.Output, line => line.Contains("Api:Keys:0, Tchek:ApiKey: still a placeholder shipped with the repository", StringComparison.Ordinal));
        Assert.DoesNotContain(poller.Output, line => line.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_placeholder_in_a_connection_string_password_stops_the_start()
    {
        var rabbit = new UriBuilder(RabbitMqUri) { Password = "REPLACE-ME" }.Uri.ToString();
        await using var poller = StartProcess(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = rabbit });

        Assert.NotEqual(0, await poller.ExitCodeWithinAsync(TimeSpan.FromSeconds(30)) ?? 0);
        Assert.Contains(poller.Output, line => line.Contains("ConnectionStrings:RabbitMq: still a placeholder", StringComparison.Ordinal));
    }
}
