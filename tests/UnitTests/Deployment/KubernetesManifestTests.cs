using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>
/// deploy/kubernetes against the code: two pollers a drain cannot both take, probes on the port the
/// app listens on, and every environment variable a configuration key the apps read. (That the probe
/// paths answer is asked of the running apps by the integration test DeploymentProbeTests.)
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private const string Folder = "deploy/kubernetes";

    internal static readonly IReadOnlyList<YamlMappingNode> Manifests = [.. Yaml.Document($"{Folder}/kustomization.yaml").At("resources").Items()
        .SelectMany(r => Yaml.Documents($"{Folder}/{((YamlScalarNode)r).Value}"))];

    // Keys the host reads that are no options class: the environment, the listen address, log levels.
    private static readonly string[] HostKeys = ["DOTNET_ENVIRONMENT", "Urls"];

    [Fact]
    public void Kustomization_lists_every_manifest_in_the_folder()
    {
        var listed = Yaml.Document($"{Folder}/kustomization.yaml").At("resources").Items().Select(r => ((YamlScalarNode)r).Value!).Order();

        var present = Directory.EnumerateFiles(Repository.PathOf(Folder), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order();
        Assert.Equal(present, listed);
    }

    [Fact]
    public void The_poller_runs_twice_and_a_drain_keeps_one()
    {
        var deployment = Named("Deployment", "tchek-poller");
        var pdb = Named("PodDisruptionBudget", "tchek-poller");

        Assert.Equal("2", deployment.Text("spec", "replicas"));
        Assert.Equal("1", pdb.Text("spec", "minAvailable"));
        var podLabels = Labels(deployment.At("spec", "template", "metadata", "labels"));
        var selected = Labels(pdb.At("spec", "selector", "matchLabels"));
        Assert.NotEmpty(selected);
        Assert.All(selected, label => Assert.Contains(label, podLabels));
        Assert.Equal(Labels(Named("Service", "tchek-poller").At("spec", "selector")), selected);
    }

    [Theory]
    [InlineData("tchek-poller", "src/StatusPoller")]
    [InlineData("tchek-consumers", "src/Consumers.Sample")]
    public void Probes_ask_the_routes_the_app_maps_on_the_port_it_listens_on(string name, string source)
    {
        var container = Container(name);
        var port = new Uri(Environment(name)["Urls"].Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // With Management__Port, the probes (and /metrics) are served on that port only.
        var probePort = Environment(name).GetValueOrDefault("Management__Port") ?? port;
        var mapped = SourceFiles(source)
            .SelectMany(f => MapHealthChecks().Matches(File.ReadAllText(f))).Select(m => m.Groups["path"].Value)
            .Concat(HealthPathConstants(source)).ToHashSet();

        Assert.Equal(port, container.Text("ports", 0, "containerPort"));
        Assert.Contains(probePort, container.At("ports").Items().Select(p => p.Text("containerPort")));
        Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
        foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" }.Where(p => container.At(p) is not null))
        {
            Assert.Contains(container.Text(probe, "httpGet", "path")!, mapped);
            Assert.Equal(probePort, container.Text(probe, "httpGet", "port"));
        }
    }

    [Theory]
    [InlineData("tchek-poller", "src/StatusPoller")]
    [InlineData("tchek-consumers", "src/Consumers.Sample")]
    [InlineData("tchek-migrate", "src/StatusPoller")]
    [InlineData("tchek-samples-queues", "src/StatusPoller")]
    public void Every_environment_variable_is_a_key_the_app_reads(string name, string source)
    {
        var known = ConfigurationKeys(source);

        var unknown = Environment(name).Keys.Where(key => !IsKnown(key, known)).ToList();

        Assert.NotEmpty(Environment(name));
        Assert.Empty(unknown);
    }

    [Fact]
    public void Connection_strings_and_keys_come_from_a_secret_holding_placeholders_only()
    {
        var secrets = Manifests.Where(m => m.Text("kind") == "Secret").ToList();
        var secretKeys = secrets.SelectMany(s => s.At("stringData").Entries()).ToList();

        Assert.NotEmpty(secretKeys);
        Assert.All(secretKeys, kv => Assert.Contains("REPLACE-ME", ((YamlScalarNode)kv.Value).Value!, StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.Null(s.At("data")));
        var configMapKeys = Manifests.Where(m => m.Text("kind") == "ConfigMap").SelectMany(c => c.At("data").Entries()).Select(kv => kv.Key);
        Assert.DoesNotContain(configMapKeys, key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || key.Contains("Key", StringComparison.Ordinal));
        Assert.Contains(secretKeys, kv => kv.Key == "ConnectionStrings__Postgres");
        Assert.Contains(secretKeys, kv => kv.Key == "Api__Clients__operator__Key");
    }

    [Theory]
    [InlineData("tchek-poller")]
    [InlineData("tchek-consumers")]
    public void Containers_run_as_non_root_on_a_read_only_root_with_resources_bounded(string name)
    {
        var deployment = Named("Deployment", name);
        var container = Container(name);

        Assert.Equal("true", deployment.Text("spec", "template", "spec", "securityContext", "runAsNonRoot"));
        Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.NotNull(container.Text("resources", bound, "cpu"));
            Assert.NotNull(container.Text("resources", bound, "memory"));
        }
    }

    internal static YamlMappingNode Named(string kind, string name) =>
        Assert.Single(Manifests, m => m.Text("kind") == kind && m.Text("metadata", "name") == name);

    // A Deployment's or a Job's first container.
    private static YamlNode Container(string workload) =>
        Assert.Single(Manifests, m => m.Text("kind") is "Deployment" or "Job" && m.Text("metadata", "name") == workload).At("spec", "template", "spec", "containers", 0)!;

    private static HashSet<string> Labels(YamlNode? node) => [.. node.Entries().Select(kv => $"{kv.Key}={((YamlScalarNode)kv.Value).Value}")];

    /// <summary>A workload's environment: its env entries, and every key of the ConfigMaps and Secrets it loads.</summary>
    internal static Dictionary<string, string> Environment(string workload)
    {
        var container = Container(workload);
        var environment = container.At("env").Items().ToDictionary(e => e.Text("name")!, e => e.Text("value") ?? "");
        foreach (var source in container.At("envFrom").Items())
        {
            var (kind, reference) = source.At("configMapRef") is { } map ? ("ConfigMap", map) : ("Secret", source.At("secretRef")!);
            var resource = Named(kind, reference.Text("name")!);
            foreach (var (key, value) in resource.At(kind == "ConfigMap" ? "data" : "stringData").Entries())
            {
                environment.Add(key, ((YamlScalarNode)value).Value!);
            }
        }

        return environment;
    }

    /// <summary>
    /// What the app reads: each options class's properties (found by its <c>Section</c> constant, so a
    /// new options class counts at once), and each <c>GetConnectionString("X")</c> in its sources.
    /// </summary>
    private static HashSet<string> ConfigurationKeys(string source)
    {
        // The app's assembly and those it references (the broker's section is in ServiceDefaults), loaded by name.
        var assemblies = ProjectReferences.Closure(source).Select(folder => Assembly.Load(
            System.Xml.Linq.XDocument.Load(Directory.EnumerateFiles(Repository.PathOf(folder), "*.csproj").Single()).Descendants("AssemblyName").Single().Value));
        var keys = assemblies.SelectMany(assembly => assembly.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.Section is not null)
            .SelectMany(t => t.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).SelectMany(p => Keys($"{t.Section}__{p.Name}", p.PropertyType)))
            .ToHashSet();
        foreach (var file in SourceFiles(source))
        {
            keys.UnionWith(ConnectionString().Matches(File.ReadAllText(file)).Select(m => $"ConnectionStrings__{m.Groups["name"].Value}"));
        }

        return keys;
    }

    // A property's key; for a map of options objects (Api:Clients), one per entry property, any name: Api__Clients__*__Key.
    private static IEnumerable<string> Keys(string key, Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[1] is { IsClass: true } entry && entry != typeof(string)
            ? entry.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => $"{key}__*__{p.Name}").Prepend(key)
            : [key];

    // The project's own files and those of the projects it references (the hosts share ServiceDefaults).
    private static IEnumerable<string> SourceFiles(string source) =>
        ProjectReferences.Closure(source).SelectMany(folder => Directory.EnumerateFiles(Repository.PathOf(folder), "*.cs", SearchOption.AllDirectories));

    private static bool IsKnown(string key, HashSet<string> known) =>
        HostKeys.Contains(key)
        || key.StartsWith("Logging__LogLevel__", StringComparison.Ordinal)
        || known.Contains(key)
        // A list's items: Api__Keys__0, Api__Keys__1, ...
        || (ListItem().Match(key) is { Success: true } item && known.Contains(item.Groups["list"].Value))
        // A map's entries: Api__Clients__operator__Key, Api__Clients__crm__Scopes, ...
        || (MapEntry().Match(key) is { Success: true } entry && known.Contains($"{entry.Groups["map"].Value}__*__{entry.Groups["property"].Value}"));

    private static IEnumerable<string> HealthPathConstants(string source) =>
        SourceFiles(source)
            .SelectMany(f => PathConstant().Matches(File.ReadAllText(f))).Select(m => m.Groups["path"].Value);

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>/[^""]+)""")]
    private static partial Regex MapHealthChecks();

    [GeneratedRegex(@"const string \w+Path = ""(?<path>/health/[^""]+)""")]
    private static partial Regex PathConstant();

    [GeneratedRegex(@"GetConnectionString\(""(?<name>\w+)""\)")]
    private static partial Regex ConnectionString();

    [GeneratedRegex(@"^(?<list>\w+__\w+)__\d+$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^(?<map>[A-Za-z0-9]+__[A-Za-z0-9]+)__.+__(?<property>[A-Za-z0-9]+)$")]
    private static partial Regex MapEntry();
}
