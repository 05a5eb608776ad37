using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.IntegrationTests.Deployment;

/// <summary>What the deployment files ask of the apps: probe paths, and the series alerts and dashboard read.</summary>
internal static class DeploymentFiles
{
    /// <summary>The path of a compose service's healthcheck URL (its last argument).</summary>
    public static string ComposeProbePath(string service)
    {
        var test = (YamlSequenceNode)Map(Load("docker-compose.yml")[0], "services", service, "healthcheck", "test");
        return new Uri(((YamlScalarNode)test.Children[^1]).Value!).AbsolutePath;
    }

    /// <summary>A compose service's command, as its arguments.</summary>
    public static IReadOnlyList<string> ComposeCommand(string service) =>
        [.. ((YamlSequenceNode)Map(Load("docker-compose.yml")[0], "services", service, "command")).Children.Select(c => ((YamlScalarNode)c).Value!)];

    /// <summary>Every httpGet probe path of a Kubernetes Deployment's first container.</summary>
    public static IReadOnlyList<string> KubernetesProbePaths(string file)
    {
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Load($"deploy/kubernetes/{file}")[0], "spec", "template", "spec", "containers")).Children[0];
        return [.. new[] { "startupProbe", "livenessProbe", "readinessProbe" }
            .Where(p => container.Children.ContainsKey(new YamlScalarNode(p)))
            .Select(p => ((YamlScalarNode)Map(container, p, "httpGet", "path")).Value!)];
    }

    /// <summary>Every PromQL expression of the alerting rules and of the dashboard's panels.</summary>
    public static IReadOnlyList<string> MonitoringExpressions()
    {
        var rules = ((YamlSequenceNode)Map(Load("deploy/prometheus/alerts.yml")[0], "groups")).Children
            .SelectMany(g => ((YamlSequenceNode)Map(g, "rules")).Children)
            .Select(r => ((YamlScalarNode)Map(r, "expr")).Value!);
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppProcess.RepoRoot, "deploy/grafana/tchek-events.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
        return [.. rules, .. panels];
    }

    private static List<YamlNode> Load(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(AppProcess.RepoRoot, relative));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    private static YamlNode Map(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);
}
