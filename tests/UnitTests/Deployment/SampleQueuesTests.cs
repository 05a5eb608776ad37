extern alias sample;

using System.Text.RegularExpressions;
using sample::Tchek.Events.Consumers.Sample;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>
/// The sample consumers cannot bind their own queues (their account may not declare the event
/// exchanges), so every way of running them binds exactly their queues with <c>subscribers bind</c>:
/// compose's one-shot service, the Kubernetes Job and ./run.sh.
/// </summary>
public sealed partial class SampleQueuesTests
{
    private static readonly string[] Expected =
        ["subscribers", "bind", "samples", "--queue", SampleQueues.CrmLead, "--queue", SampleQueues.DmsInspection, "--queue", SampleQueues.TokenEventLog];

    [Fact]
    public void Compose_binds_the_sample_queues_before_the_consumers_start()
    {
        var compose = Yaml.Document("docker-compose.yml");

        Assert.Equal(Expected, compose.At("services", "samples-queues", "command").Items().Select(i => ((YamlScalarNode)i).Value!));
        Assert.Equal("service_completed_successfully", compose.Text("services", "consumers", "depends_on", "samples-queues", "condition"));
        Assert.Equal("service_healthy", compose.Text("services", "samples-queues", "depends_on", "poller", "condition"));
    }

    [Fact]
    public void The_kubernetes_job_binds_the_same_queues_with_the_broker_admin_secret_only()
    {
        var manifests = Yaml.Documents("deploy/kubernetes/samples-queues-job.yaml").Concat(Yaml.Documents("deploy/kubernetes/secret.yaml")).ToList();
        var container = Assert.Single(manifests, m => m.Text("kind") == "Job").At("spec", "template", "spec", "containers", 0)!;
        var secret = Assert.Single(manifests, m => m.Text("kind") == "Secret" && m.Text("metadata", "name") == container.Text("envFrom", 0, "secretRef", "name"));

        Assert.Equal("tchek-poller", container.Text("image"));
        Assert.Equal(Expected, container.At("args").Items().Select(i => ((YamlScalarNode)i).Value!));
        Assert.Equal(["RabbitMqManagement__Password"], secret.At("stringData").Entries().Select(kv => kv.Key));
        Assert.Equal(["DOTNET_ENVIRONMENT", "RabbitMqManagement__Uri", "RabbitMqManagement__Username"], container.At("env").Items().Select(e => e.Text("name")!).Order());
        Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
    }

    [Fact]
    public void Run_sh_binds_the_same_queues()
    {
        var script = Continuation().Replace(File.ReadAllText(Repository.PathOf("run.sh")), " ");

        Assert.Contains(string.Join(' ', Expected), script, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s*\\\n\s*")]
    private static partial Regex Continuation();
}
