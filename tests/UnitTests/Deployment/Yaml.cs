using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>Just enough YAML reading for the deployment files' tests: documents, and paths into them.</summary>
internal static class Yaml
{
    /// <summary>Every document of a (multi-document) YAML file, each a mapping.</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Repository.PathOf(relativePath)))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlMappingNode Document(string relativePath) => Assert.Single(Documents(relativePath));

    /// <summary>The node at a path of keys (numbers index sequences), or null when any step is missing.</summary>
    public static YamlNode? At(this YamlNode node, params object[] path)
    {
        YamlNode? current = node;
        foreach (var step in path)
        {
            current = (current, step) switch
            {
                (YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null,
                (YamlSequenceNode list, int index) => index < list.Children.Count ? list.Children[index] : null,
                _ => null,
            };
        }

        return current;
    }

    public static string? Text(this YamlNode node, params object[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode map ? map.Children.Select(kv => new KeyValuePair<string, YamlNode>(((YamlScalarNode)kv.Key).Value!, kv.Value)) : [];

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode list ? list.Children : [];
}
