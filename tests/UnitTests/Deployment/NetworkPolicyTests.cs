using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>
/// deploy/kubernetes/network-policy.yaml against the manifests it guards: only the ingress controller reaches the
/// poller's API and console port, only Prometheus its management port (/metrics), every rule names its peers and
/// ports (an empty one would let anyone in), and the poller and consumers may reach DNS, PostgreSQL and RabbitMQ.
/// That /metrics is served on the management port only is asked of the running poller by ManagementPortTests.
/// </summary>
public sealed class NetworkPolicyTests
{
    // namespace labels / pod labels: the peer in its own namespace, never any pod of any namespace.
    private const string IngressController = "kubernetes.io/metadata.name=ingress-nginx / app.kubernetes.io/name=ingress-nginx";
    private const string Prometheus = "kubernetes.io/metadata.name=monitoring / app.kubernetes.io/name=prometheus";

    private static readonly IReadOnlyList<YamlMappingNode> Policies = [.. KubernetesManifestTests.Manifests.Where(m => m.Text("kind") == "NetworkPolicy")];

    private static Dictionary<string, string> Poller => KubernetesManifestTests.Environment("tchek-poller");

    private static string ApiPort => new Uri(Poller["Urls"].Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString(CultureInfo.InvariantCulture);

    private static string ManagementPort => Poller["Management__Port"];

    [Fact]
    public void Only_the_ingress_controller_reaches_the_api_and_console_port()
    {
        var rules = IngressRules("tchek-poller").Where(r => r.Ports.Contains(ApiPort)).ToList();

        var rule = Assert.Single(rules);
        Assert.Equal([ApiPort], rule.Ports);
        Assert.Equal([IngressController], rule.Peers);
    }

    [Fact]
    public void Only_prometheus_reaches_the_management_port_where_metrics_are_scraped()
    {
        var rule = Assert.Single(IngressRules("tchek-poller"), r => r.Ports.Contains(ManagementPort));
        var pod = KubernetesManifestTests.Named("Deployment", "tchek-poller").At("spec", "template", "metadata", "annotations")!;

        Assert.Equal([ManagementPort], rule.Ports);
        Assert.Equal([Prometheus], rule.Peers);
        Assert.NotEqual(ApiPort, ManagementPort);
        Assert.Equal(ManagementPort, pod.Text("prometheus.io/port"));
        Assert.Equal("/metrics", pod.Text("prometheus.io/path"));
        // The Service (behind the ingress) forwards to the API port only, never to the management port.
        var service = KubernetesManifestTests.Named("Service", "tchek-poller");
        Assert.All(service.At("spec", "ports").Items(), port => Assert.Equal("http", port.Text("targetPort")));
    }

    [Fact]
    public void The_poller_admits_nothing_else_and_the_consumers_nothing_at_all()
    {
        var poller = IngressRules("tchek-poller");

        Assert.Equal(2, poller.Count);
        Assert.Equal([ApiPort, ManagementPort], poller.SelectMany(r => r.Ports).Order());
        Assert.Empty(IngressRules("tchek-consumers"));
        Assert.All(Policies, policy => Assert.Contains("Ingress", policy.At("spec", "policyTypes").Items().Select(t => ((YamlScalarNode)t).Value)));
    }

    [Theory]
    [InlineData("tchek-poller")]
    [InlineData("tchek-consumers")]
    public void Each_policy_selects_its_deployments_pods(string name)
    {
        var selector = Labels(Policy(name).At("spec", "podSelector", "matchLabels"));
        var pods = Labels(KubernetesManifestTests.Named("Deployment", name).At("spec", "template", "metadata", "labels"));

        Assert.NotEmpty(selector);
        Assert.All(selector, label => Assert.Contains(label, pods));
    }

    [Theory]
    [InlineData("tchek-poller")]
    [InlineData("tchek-consumers")]
    public void The_poller_and_the_consumers_may_reach_dns_postgresql_and_rabbitmq(string name)
    {
        var egress = Policy(name).At("spec", "egress").Items().Select(Rule).ToList();

        Assert.Contains("Egress", Policy(name).At("spec", "policyTypes").Items().Select(t => ((YamlScalarNode)t).Value));
        Assert.Contains(egress, r => r.Ports.Contains("53") && r.Peers.SequenceEqual(["kubernetes.io/metadata.name=kube-system / k8s-app=kube-dns"]));
        Assert.Contains(egress, r => r.Ports.SequenceEqual(["5432"]) && r.Peers.SequenceEqual([" / app.kubernetes.io/name=postgresql"]));
        Assert.Contains(egress, r => r.Ports.Contains("5672") && r.Ports.Contains("5671") && r.Peers.SequenceEqual([" / app.kubernetes.io/name=rabbitmq"]));
    }

    [Fact]
    public void The_labels_to_adapt_are_named_in_the_kubernetes_page()
    {
        var page = File.ReadAllText(Repository.PathOf("docs/deploying/kubernetes.md"));

        Assert.All(["ingress-nginx", "monitoring", "app.kubernetes.io/name: prometheus", "app.kubernetes.io/name: postgresql", "app.kubernetes.io/name: rabbitmq", "Management__Port"],
            label => Assert.Contains(label, page, StringComparison.Ordinal));
    }

    private static YamlMappingNode Policy(string name) => Assert.Single(Policies, p => p.Text("metadata", "name") == name);

    private static List<(List<string> Ports, List<string> Peers)> IngressRules(string name)
    {
        var ingress = Policy(name).At("spec", "ingress");
        Assert.NotNull(ingress);
        return [.. ingress.Items().Select(Rule)];
    }

    /// <summary>
    /// A rule's ports and its peers, each as "namespace labels / pod labels" (no namespace labels: this namespace).
    /// A rule without peers or ports admits every peer or port, which no rule here may do.
    /// </summary>
    private static (List<string> Ports, List<string> Peers) Rule(YamlNode rule)
    {
        var peers = (rule.At("from") ?? rule.At("to")).Items().ToList();
        var ports = rule.At("ports").Items().Select(p => p.Text("port")!).ToList();
        Assert.NotEmpty(peers);
        Assert.NotEmpty(ports);
        return (ports, [.. peers.Select(peer => peer.At("ipBlock") is { } block ? $"ipBlock {block.Text("cidr")}"
            : $"{string.Join(',', Labels(peer.At("namespaceSelector", "matchLabels")))} / {string.Join(',', Labels(peer.At("podSelector", "matchLabels")).DefaultIfEmpty("any pod"))}")]);
    }

    private static List<string> Labels(YamlNode? node) => [.. node.Entries().Select(kv => $"{kv.Key}={((YamlScalarNode)kv.Value).Value}")];
}
