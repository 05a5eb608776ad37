using System.Text.RegularExpressions;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller;

/// <summary>
/// The poller's shape, held by tests: its feature namespaces depend on each other without cycles,
/// the decisions are pure, endpoints hold no SQL, and each table has one owner.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Prefix = "Tchek.Events.StatusPoller.";

    private static readonly Type[] PollerTypes = typeof(PollDecision).Assembly.GetTypes();

    /// <summary>Feature → the features it refers to, each edge with one pair of types as evidence.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Dependencies = BuildDependencies();

    [Fact]
    public void The_feature_namespaces_have_no_cycle()
    {
        var cycles = Cycles().Select(cycle => string.Join(" → ", cycle) + " (" +
            string.Join("; ", cycle.Zip(cycle.Skip(1)).Select(edge => Dependencies[edge.First][edge.Second])) + ")").ToList();

        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void The_cycle_check_sees_references_made_only_in_method_bodies()
    {
        // Operations reaches Hosting only through a call to an extension method inside async methods
        // (Housekeeping's DelayQuietlyAsync, from its state machine): no signature names a Hosting type.
        Assert.EndsWith("uses TimeProviderExtensions", Dependencies["Operations"]["Hosting"], StringComparison.Ordinal);
        Assert.Contains("Relay", Dependencies["Claim"].Keys);
    }

    [Fact]
    public void The_operator_console_is_a_feature_of_the_graph_that_only_calls_into_the_others()
    {
        // Its pages (Razor's generated classes included) are in the graph, and nothing depends on it:
        // the console sits on top, beside the API.
        Assert.Contains("Tokens", Dependencies["OperatorConsole"].Keys);
        Assert.Contains("Relay", Dependencies["OperatorConsole"].Keys);
        Assert.Contains(PollerTypes, t => t.Namespace == Prefix + "OperatorConsole.Pages.Tokens" && t.Name.Contains("Detail", StringComparison.Ordinal) && !t.Name.EndsWith("Model", StringComparison.Ordinal));
        Assert.DoesNotContain(Dependencies, edges => edges.Key != "OperatorConsole" && edges.Value.ContainsKey("OperatorConsole"));
    }

    [Fact]
    public void Decide_depends_on_the_contracts_and_the_base_library_only()
    {
        var offending = FeatureTypes("Decide")
            .SelectMany(type => TypeReferences.Of(type).Select(referenced => (type, referenced)))
            .Where(pair => !IsAllowedInDecide(pair.referenced))
            .Select(pair => $"{pair.type.FullName} → {pair.referenced.FullName} ({pair.referenced.Assembly.GetName().Name})")
            .Distinct()
            .ToList();

        Assert.True(offending.Count == 0, "Decide reaches outside itself:\n" + string.Join('\n', offending));
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Messaging")]
    [InlineData("OperatorConsole")]
    public void Endpoints_and_consumers_call_services_never_the_database(string feature)
    {
        var offending = FeatureTypes(feature)
            .SelectMany(type => TypeReferences.Of(type).Select(referenced => (type, referenced)))
            .Where(pair => pair.referenced.Assembly.GetName().Name!.StartsWith("Npgsql", StringComparison.Ordinal)
                || pair.referenced.Assembly.GetName().Name!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                || pair.referenced.Namespace == Prefix + "Persistence" && pair.referenced.Name.EndsWith("DbContext", StringComparison.Ordinal))
            .Select(pair => $"{pair.type.FullName} → {pair.referenced.FullName}")
            .Distinct()
            .ToList();

        Assert.True(offending.Count == 0, $"{feature} touches the database:\n" + string.Join('\n', offending));
    }

    [Theory]
    [InlineData("tracked_tokens", "Tokens/TrackedTokens.cs")]
    [InlineData("token_events", "Relay/EventLog.cs")]
    [InlineData("upstream_episodes", "UpstreamHealth/UpstreamEpisodes.cs")]
    [InlineData("request_budgets", "Claim/RequestBudgets.cs")]
    public void Each_table_has_one_owner_that_holds_every_statement_on_it(string table, string owner)
    {
        var source = Repository.PathOf("src/StatusPoller");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(source, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("Persistence/Migrations/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal))
            .Where(path => Statement(table).IsMatch(File.ReadAllText(Path.Combine(source, path))))
            .ToList();

        Assert.Equal([owner], files);
    }

    private static Regex Statement(string table) =>
        new($@"\b(FROM|INTO|UPDATE|JOIN|TABLE)\s+{table}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static bool IsAllowedInDecide(Type referenced)
    {
        var assembly = referenced.Assembly.GetName().Name!;
        if (referenced.Assembly == typeof(PollDecision).Assembly)
        {
            // Our own types must be Decide's; the compiler's (nullable attributes and such) are fine.
            return Feature(referenced) is null or "Decide";
        }

        return assembly == "Tchek.Events.Contracts" || assembly.StartsWith("System", StringComparison.Ordinal) || assembly == "netstandard";
    }

    private static IEnumerable<Type> FeatureTypes(string feature) => PollerTypes.Where(t => Feature(t) == feature);

    /// <summary>The feature namespace of a poller type (<c>Claim</c> for <c>Tchek.Events.StatusPoller.Claim.Rules</c>), or null.</summary>
    /// <remarks>A feature's pure <c>Rules</c> are a node of their own: depending on them is not depending on the feature's services.</remarks>
    private static string? Feature(Type type)
    {
        if (type.Namespace is not { } ns || !ns.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns[Prefix.Length..].Split('.');
        return parts is [var feature, "Rules", ..] ? feature + ".Rules" : parts[0];
    }

    private static Dictionary<string, Dictionary<string, string>> BuildDependencies()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in PollerTypes)
        {
            if (Feature(type) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var existing) ? existing : graph[from] = [];
            foreach (var referenced in TypeReferences.Of(type))
            {
                if (referenced.Assembly == type.Assembly && Feature(referenced) is { } to && to != from)
                {
                    edges.TryAdd(to, $"{type.Name} uses {referenced.Name}");
                }
            }
        }

        return graph;
    }

    /// <summary>One cycle per strongly connected component of more than one feature, as a closed path.</summary>
    private static IEnumerable<List<string>> Cycles()
    {
        foreach (var start in Dependencies.Keys.Order(StringComparer.Ordinal))
        {
            // The shortest way back to start, by breadth-first search.
            var previous = new Dictionary<string, string>();
            var queue = new Queue<string>([start]);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                foreach (var next in Dependencies.GetValueOrDefault(node, []).Keys)
                {
                    if (next == start)
                    {
                        var path = new List<string> { start };
                        for (var at = node; at != start; at = previous[at])
                        {
                            path.Insert(1, at);
                        }

                        path.Add(start);
                        if (path.Skip(1).SkipLast(1).All(n => string.CompareOrdinal(n, start) > 0))
                        {
                            yield return path;
                        }

                        queue.Clear();
                        break;
                    }

                    if (previous.TryAdd(next, node))
                    {
                        queue.Enqueue(next);
                    }
                }
            }
        }
    }
}
