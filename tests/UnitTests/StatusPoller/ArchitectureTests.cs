using System.Reflection;
using System.Text.RegularExpressions;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Poll;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Write;

namespace Tchek.Events.UnitTests.StatusPoller;

/// <summary>
/// The poller's shape, held by tests: its feature namespaces depend on each other without cycles,
/// the folders are the pipeline's stages, pure code (Decide, any <c>*.Rules</c>) is pure wherever it lives,
/// endpoints hold no SQL, and each table has one owner.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Prefix = "Tchek.Events.StatusPoller.";

    private static readonly Assembly PollerAssembly = typeof(PollDecision).Assembly;

    private static readonly Type[] PollerTypes = PollerAssembly.GetTypes();

    /// <summary>The pipeline's stages in order; each is a folder and a namespace.</summary>
    private static readonly string[] Stages = ["Claim", "Poll", "Decide", "Write", "Relay"];

    /// <summary>Time, randomness and the process's surroundings: pure code takes them as arguments.</summary>
    private static readonly HashSet<Type> ImpureTypes = [typeof(TimeProvider), typeof(Random), typeof(Console)];

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
        Assert.Contains("Relay", Dependencies["Write"].Keys);
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
    public void Pure_code_references_only_the_contracts_the_base_library_and_other_pure_code()
    {
        var pure = PollerTypes.Where(IsPure).ToList();
        Assert.Contains(pure, t => t.Namespace == Prefix + "Decide");
        Assert.Contains(pure, t => t.Namespace == Prefix + "OperatorConsole.Rules");

        var offending = pure
            .SelectMany(type => TypeReferences.Of(type).Where(referenced => !IsAllowedInPureCode(referenced))
                .Select(referenced => $"{type.FullName} → {referenced.FullName} ({referenced.Assembly.GetName().Name})")
                .Concat(TypeReferences.MembersOf(type).Where(IsImpure)
                    .Select(member => $"{type.FullName} → {member.DeclaringType?.FullName}.{member.Name}")))
            .Distinct()
            .ToList();

        Assert.True(offending.Count == 0, "Pure code (Decide, *.Rules) reaches outside itself:\n" + string.Join('\n', offending));
    }

    [Theory]
    [InlineData("Claim", typeof(PollingWorker))]
    [InlineData("Poll", typeof(UpstreamClient))]
    [InlineData("Decide", typeof(ChangeDetector))]
    [InlineData("Write", typeof(PollWriter))]
    [InlineData("Relay", typeof(OutboxRelay))]
    public void Each_pipeline_stage_is_a_folder_that_holds_its_anchor(string stage, Type anchor)
    {
        Assert.Equal(Prefix + stage, anchor.Namespace);
        Assert.True(File.Exists(Repository.PathOf($"src/StatusPoller/{stage}/{anchor.Name}.cs")), $"{stage}/{anchor.Name}.cs is missing");
    }

    [Fact]
    public void The_old_catch_all_folders_are_gone()
    {
        string[] gone = ["Polling", "Upstream", "Health", "Outbox"];
        Assert.DoesNotContain(PollerTypes, t => gone.Contains(Feature(t)));
        Assert.All(gone, folder => Assert.False(Directory.Exists(Repository.PathOf("src/StatusPoller/" + folder)), folder));
    }

    [Theory]
    [InlineData("Claim", "Poll", "Decide", "Write", "Relay")]
    [InlineData("Poll", "Decide")]
    [InlineData("Decide")]
    [InlineData("Write", "Decide", "Relay")]
    [InlineData("Relay")]
    public void Stages_depend_on_no_other_stage_than_the_claim_loop_drives_or_the_decision(string stage, params string[] allowed)
    {
        // The claim loop coordinates the others; every other stage reaches at most the pure decide stage
        // (the poll's result and the write's input are its types), and the write wakes the relay.
        // Rules and shared parts are not stages.
        var offending = Dependencies.GetValueOrDefault(stage, [])
            .Where(edge => Stages.Contains(edge.Key) && !allowed.Contains(edge.Key))
            .Select(edge => $"{stage} → {edge.Key} ({edge.Value})")
            .ToList();

        Assert.True(offending.Count == 0, $"{stage} depends on a stage it must not:\n" + string.Join('\n', offending));
    }

    [Theory]
    [InlineData("Tokens")]
    [InlineData("Persistence")]
    [InlineData("Telemetry")]
    [InlineData("Hosting")]
    public void Shared_parts_never_reach_back_into_the_claim_loop_or_the_vendor_request(string shared)
    {
        // The store and the plumbing serve every stage and edge, so the stages that drive the pipeline stay on top.
        Assert.DoesNotContain("Claim", Dependencies.GetValueOrDefault(shared, []).Keys);
        Assert.DoesNotContain("Poll", Dependencies.GetValueOrDefault(shared, []).Keys);
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
    [InlineData("tracked_tokens", "Tokens/TrackedTokens*.cs")]
    [InlineData("token_events", "Relay/EventLog.cs")]
    [InlineData("upstream_episodes", "UpstreamHealth/UpstreamEpisodes.cs")]
    [InlineData("request_budgets", "Claim/RequestBudgets.cs")]
    [InlineData("audit_log", "Audit/AuditLog.cs")]
    [InlineData("console_session_revocations", "Sessions/SessionRevocations.cs")]
    public void Each_table_has_one_owner_that_holds_every_statement_on_it(string table, string owner)
    {
        var source = Repository.PathOf("src/StatusPoller");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(source, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("Persistence/Migrations/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal))
            .Where(path => Statement(table).IsMatch(File.ReadAllText(Path.Combine(source, path))))
            .ToList();

        Assert.Equal([owner], files.Select(path => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(owner, path, ignoreCase: false) ? owner : path).Distinct());
    }

    private static Regex Statement(string table) =>
        new($@"\b(FROM|INTO|UPDATE|JOIN|TABLE)\s+{table}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Pure code: the decide stage, and every feature's <c>Rules</c> wherever it lives.</summary>
    private static bool IsPure(Type type) =>
        type.Assembly == PollerAssembly && type.Namespace is { } ns && ns.StartsWith(Prefix, StringComparison.Ordinal)
        && (Feature(type) == "Decide" || ns[Prefix.Length..].Split('.').Contains("Rules"));

    private static bool IsAllowedInPureCode(Type referenced)
    {
        if (referenced.Assembly == PollerAssembly)
        {
            // The compiler's own types (nullable attributes and such) are in no feature.
            return Feature(referenced) is null || IsPure(referenced);
        }

        var assembly = referenced.Assembly.GetName().Name!;
        if (assembly == "Tchek.Events.Contracts")
        {
            return true;
        }

        if (!assembly.StartsWith("System", StringComparison.Ordinal) && assembly != "netstandard")
        {
            return false;
        }

        // Throwing is not I/O: an InvalidDataException may stay.
        var ns = referenced.Namespace ?? "";
        return typeof(Exception).IsAssignableFrom(referenced) || !ImpureTypes.Contains(referenced)
            && !InNamespace(ns, "System.Net") && !InNamespace(ns, "System.IO")
            && (!InNamespace(ns, "System.Diagnostics") || InNamespace(ns, "System.Diagnostics.CodeAnalysis"));
    }

    /// <summary>
    /// The clock read directly, in place of the <c>now</c> a caller passes in, and the process's
    /// surroundings; iterators' compiler-made code reads the thread id, which is no input.
    /// </summary>
    private static bool IsImpure(MemberInfo member) =>
        (member.DeclaringType == typeof(DateTime) || member.DeclaringType == typeof(DateTimeOffset))
            && member.Name is "get_Now" or "get_UtcNow" or "get_Today"
        || member.DeclaringType == typeof(Environment) && member.Name != "get_CurrentManagedThreadId";

    private static bool InNamespace(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

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
