using System.Net;
using System.Net.Sockets;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Deployment;

/// <summary>
/// Management:Port, which deploy/kubernetes sets so that its NetworkPolicy can tell Prometheus from the ingress:
/// the running poller serves /metrics and the probes there and nothing else, and everything else on its Urls port
/// and not those. Without it (every other test) all is on one port, as before.
/// </summary>
[Collection("services")]
public sealed class ManagementPortTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task Metrics_and_probes_answer_on_the_management_port_only_and_the_api_off_it()
    {
        var port = FreePort();
        await using var poller = StartProcess(new Dictionary<string, string?>
        {
            ["Management:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        });
        var listening = await ListeningAddressesAsync(poller, count: 2);
        var management = Assert.Single(listening, a => a.Port == port);
        var main = Assert.Single(listening, a => a.Port != port);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", PollerSettings.ApiKey);

        await EventuallyAsync(async () => (await http.GetAsync(new Uri(management, "/health/ready"))).StatusCode == HttpStatusCode.OK, "ready on the management port", TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(management, "/health/live"))).StatusCode);
        Assert.Contains("# TYPE", await http.GetStringAsync(new Uri(management, "/metrics")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(management, "/tokens"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(management, "/console"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(main, "/tokens"))).StatusCode);
        foreach (var path in new[] { "/metrics", "/health/live", "/health/ready" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(main, path))).StatusCode);
            // The port is the socket's: a Host header naming the management port changes nothing.
            using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(main, path)) { Headers = { Host = $"127.0.0.1:{port}" } };
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<List<Uri>> ListeningAddressesAsync(PollerProcess poller, int count)
    {
        const string Listening = "Now listening on: ";
        List<string> Lines() => [.. poller.Output.Where(l => l.Contains(Listening, StringComparison.Ordinal))];
        await EventuallyAsync(() => Lines().Count >= count || poller.HasExited, "the poller to listen", TimeSpan.FromSeconds(60));
        Assert.True(Lines().Count >= count, string.Join('\n', poller.Output));
        return [.. Lines().Select(line => line[(line.IndexOf(Listening, StringComparison.Ordinal) + Listening.Length)..].Split(['"', ' '])[0]).Select(a => new Uri(a))];
    }
}
