using System.Globalization;
using System.Text.RegularExpressions;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Deployment;

/// <summary>
/// <c>tchek_ready</c> says what <c>/health/ready</c> says, so the TchekPollerNotReady alert sees an
/// instance that runs and answers its scrape but cannot reach its broker.
/// </summary>
[Collection("services")]
public sealed partial class ReadinessGaugeTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task The_ready_gauge_is_1_on_a_ready_poller_and_0_on_one_whose_broker_is_unreachable()
    {
        await using (var ready = StartApp())
        {
            using var client = ready.CreateClient();
            await EventuallyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, "the poller to be ready");
            await EventuallyAsync(async () => ReadyValue(await client.GetStringAsync("/metrics")) == 1, "tchek_ready 1");
        }

        // Nothing listens on port 1: the bus never connects, the readiness check fails.
        await using var unready = StartApp(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/" });
        using var unreadyClient = unready.CreateClient();
        await EventuallyAsync(async () => ReadyValue(await unreadyClient.GetStringAsync("/metrics")) == 0, "tchek_ready 0");
        Assert.False((await unreadyClient.GetAsync("/health/ready")).IsSuccessStatusCode);
    }

    private static double? ReadyValue(string exposition) =>
        ReadySample().Match(exposition) is { Success: true } sample ? double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^tchek_ready(\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex ReadySample();
}
