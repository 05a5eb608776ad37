using System.Net;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Deployment;

/// <summary>
/// The healthchecks of docker-compose.yml and the probes of deploy/kubernetes ask routes the running
/// apps answer; the sample consumers are ready only while their broker is.
/// </summary>
[Collection("services")]
public sealed class DeploymentProbeTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_poller_answers_its_compose_healthcheck_and_kubernetes_probes()
    {
        await using var app = StartApp();
        using var client = app.CreateClient();

        foreach (var path in DeploymentFiles.KubernetesProbePaths("poller-deployment.yaml").Append(DeploymentFiles.ComposeProbePath("poller")))
        {
            await EventuallyAsync(async () => (await client.GetAsync(path)).StatusCode == HttpStatusCode.OK, $"the poller to answer {path}", ReadyWithin);
        }
    }

    [Fact]
    public async Task The_simulator_answers_its_compose_healthcheck()
    {
        await using var simulator = await AppProcess.StartAsync("Simulator", "probe-simulator.log", new Dictionary<string, string>(), DeploymentFiles.ComposeProbePath("simulator"));

        using var http = new HttpClient { BaseAddress = simulator.Url };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_consumers_answer_their_compose_healthcheck_and_kubernetes_probes()
    {
        var database = await Services.CreateDatabaseAsync("probe_consumers");
        await using var consumers = await AppProcess.StartAsync("Consumers.Sample", "probe-consumers.log", new Dictionary<string, string>
        {
            ["ConnectionStrings:RabbitMq"] = RabbitMqUri.ToString(),
            ["ConnectionStrings:Sample"] = database,
        }, DeploymentFiles.ComposeProbePath("consumers"));

        using var http = new HttpClient { BaseAddress = consumers.Url };
        foreach (var path in DeploymentFiles.KubernetesProbePaths("consumers-deployment.yaml"))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task The_consumers_are_live_but_not_ready_while_their_broker_is_unreachable()
    {
        var database = await Services.CreateDatabaseAsync("probe_consumers");
        await using var consumers = await AppProcess.StartAsync("Consumers.Sample", "probe-consumers-unready.log", new Dictionary<string, string>
        {
            // Nothing listens on port 1.
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
            ["ConnectionStrings:Sample"] = database,
        }, "/health/live");

        using var http = new HttpClient { BaseAddress = consumers.Url };
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(DeploymentFiles.ComposeProbePath("consumers"))).StatusCode);
            await Task.Delay(500);
        }
    }

    static DeploymentProbeTests() => Directory.CreateDirectory(Path.Combine(AppProcess.RepoRoot, "logs"));
}
