using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Tchek.Events.Contracts;
using Tchek.Events.SchemaGen;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.SchemaGen;

/// <summary>docs/asyncapi.yaml, read with a real YAML parser: complete for the contracts, every reference resolving.</summary>
public sealed class AsyncApiTests
{
    private static readonly JsonObject Document = Load();

    private static readonly IReadOnlyList<Type> EventTypes = typeof(ITokenEvent).Assembly.GetExportedTypes()
        .Where(t => t.IsSealed && typeof(ITokenEvent).IsAssignableFrom(t))
        .ToList();

    [Fact]
    public void It_is_asyncapi_3_0_0_over_amqp()
    {
        Assert.Equal("3.0.0", Text(Document["asyncapi"]));
        Assert.Equal("amqp", Text(Document["servers"]!["broker"]!["protocol"]));
        Assert.Equal("application/vnd.masstransit+json", Text(Document["defaultContentType"]));
    }

    [Fact]
    public void Every_event_has_a_message_and_its_own_exchange_and_reaches_the_ITokenEvent_exchange()
    {
        var channels = Document["channels"]!.AsObject();
        var all = channels.Single(c => Address(c.Value!) == "Tchek.Events.Contracts:ITokenEvent").Value!;

        Assert.NotEmpty(EventTypes);
        foreach (var type in EventTypes)
        {
            Assert.True(Document["components"]!["messages"]![type.Name] is JsonObject, $"no message for {type.Name}");
            var own = channels.SingleOrDefault(c => Address(c.Value!) == $"Tchek.Events.Contracts:{type.Name}").Value;
            Assert.True(own is not null, $"no channel for the exchange of {type.Name}");
            Assert.Equal("fanout", Text(own["bindings"]!["amqp"]!["exchange"]!["type"]));
            Assert.Equal($"#/components/messages/{type.Name}", Text(own["messages"]![type.Name]!["$ref"]));
            Assert.Equal($"#/components/messages/{type.Name}", Text(all["messages"]![type.Name]!["$ref"]));
        }
    }

    [Fact]
    public void The_commands_are_received_on_the_poller_endpoints_with_replies_when_the_contracts_have_them()
    {
        var replies = ContractCatalog.Load().Replies;
        foreach (var (command, endpoint) in new[] { ("TrackToken", "track-token"), ("UntrackToken", "untrack-token") })
        {
            var channel = Document["channels"]![endpoint]!;
            Assert.Equal(endpoint, Text(channel["address"]));
            Assert.Equal($"#/components/messages/{command}", Text(channel["messages"]![command]!["$ref"]));
            var operation = Document["operations"]![$"receive{command}"]!;
            Assert.Equal("receive", Text(operation["action"]));
            Assert.Equal($"#/channels/{endpoint}", Text(operation["channel"]!["$ref"]));

            var replied = operation["reply"]?["messages"]?.AsArray().Select(m => Text(m!["$ref"])).ToList() ?? [];
            Assert.Equal(replies.Select(r => $"#/channels/replies/messages/{r.Name}"), replied);
            if (replies.Count > 0)
            {
                Assert.Equal("$message.payload#/responseAddress", Text(operation["reply"]!["address"]!["location"]));
            }
        }
    }

    [Fact]
    public void Every_ref_resolves_to_a_component_or_an_existing_schema_file()
    {
        var refs = Refs(Document).ToList();

        Assert.NotEmpty(refs);
        foreach (var target in refs)
        {
            if (target.StartsWith('#'))
            {
                Assert.True(Resolve(Document, target) is not null, $"{target} resolves to nothing in docs/asyncapi.yaml");
            }
            else
            {
                var file = Repository.PathOf(Path.Combine("docs", target));
                Assert.True(File.Exists(file), $"{target} (from docs/asyncapi.yaml) does not exist");
                Assert.NotNull(JsonNode.Parse(File.ReadAllText(file)));
            }
        }
    }

    [Fact]
    public void The_command_examples_are_valid_envelopes_of_valid_commands()
    {
        var envelope = JsonSchema.FromText(File.ReadAllText(Repository.PathOf("docs/schemas/envelope.json")));
        foreach (var command in new[] { "TrackToken", "UntrackToken" })
        {
            var example = Document["components"]!["messages"]![command]!["examples"]![0]!["payload"]!;
            var schema = JsonSchema.FromText(File.ReadAllText(Repository.PathOf($"docs/schemas/{command}.json")));
            var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

            var outer = envelope.Evaluate(JsonSerializer.SerializeToElement(example), options);
            var inner = schema.Evaluate(JsonSerializer.SerializeToElement(example["message"]), options);

            Assert.True(outer.IsValid, GeneratedDocsTests.Errors(outer));
            Assert.True(inner.IsValid, GeneratedDocsTests.Errors(inner));
            Assert.Equal($"urn:message:Tchek.Events.Contracts:{command}", Text(example["messageType"]![0]));
        }
    }

    [Fact]
    public void Every_operation_has_a_description()
    {
        var operations = Document["operations"]!.AsObject();

        Assert.NotEmpty(operations);
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Value!["description"]?.GetValue<string>()), $"operation {o.Key} has no description"));
    }

    [Fact]
    public void The_command_operations_give_the_reply_rules_of_the_commands_page()
    {
        var page = File.ReadAllText(Repository.PathOf("docs/subscribing/commands.md"));
        string[] rules = ["reply-commander-", "`crm-replies`", "rabbitmq://HOST/reply-commander-1a2b?temporary=true", "rabbitmq://HOST/crm/reply-commander-1a2b?temporary=true", "auto-delete", "`requestId`"];

        Assert.Contains("## Replies from another language", page, StringComparison.Ordinal);
        foreach (var command in new[] { "TrackToken", "UntrackToken" })
        {
            var description = Text(Document["operations"]![$"receive{command}"]!["description"]);
            Assert.Contains("docs/subscribing/commands.md (Replies from another language)", description, StringComparison.Ordinal);
            Assert.All(rules, rule =>
            {
                Assert.Contains(rule, page, StringComparison.Ordinal);
                Assert.Contains(rule, description, StringComparison.Ordinal);
            });
        }
    }

    [Fact]
    public void The_info_has_the_repository_license_and_a_contact()
    {
        var info = Document["info"]!;
        var license = File.ReadLines(Repository.PathOf("LICENSE")).First();

        Assert.Equal("MIT License", license);
        Assert.Equal("MIT", Text(info["license"]!["name"]));
        Assert.StartsWith("https://", Text(info["license"]!["url"]), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Text(info["contact"]!["name"])));
    }

    [Fact]
    public void Every_message_has_the_MassTransit_headers_trait_with_Replayed_and_MessageId()
    {
        var messages = Document["components"]!["messages"]!.AsObject();

        Assert.Equal(ContractCatalog.Load().Messages.Select(t => t.Name).Order(StringComparer.Ordinal), messages.Select(m => m.Key).Order(StringComparer.Ordinal));
        foreach (var (name, message) in messages)
        {
            var traits = message!["traits"]?.AsArray().Select(t => Text(t!["$ref"])).ToList() ?? [];
            Assert.True(traits.Contains("#/components/messageTraits/massTransitHeaders"), $"message {name} does not reference the headers trait");
        }

        var trait = Resolve(Document, "#/components/messageTraits/massTransitHeaders")!;
        var headers = trait["headers"]!["properties"]!;
        Assert.Equal("application/vnd.masstransit+json", Text(trait["contentType"]));
        Assert.Equal("boolean", Text(headers["Replayed"]!["type"]));
        Assert.Contains("docs/operating/replay.md", Text(headers["Replayed"]!["description"]), StringComparison.Ordinal);
        Assert.Equal("uuid", Text(headers["MessageId"]!["format"]));
        Assert.Contains("`eventId`", Text(headers["MessageId"]!["description"]), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject map => map.SelectMany(p => p.Key == "$ref" ? [Text(p.Value)] : Refs(p.Value)),
        JsonArray list => list.SelectMany(Refs),
        _ => [],
    };

    // A local JSON pointer: "#/components/messages/TrackToken".
    private static JsonNode? Resolve(JsonNode root, string pointer) =>
        pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .Aggregate<string, JsonNode?>(root, (node, key) => node is JsonObject map && map.TryGetPropertyValue(key, out var next) ? next : null);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    // The replies channel's address is null: it is the command's responseAddress, known at run time.
    private static string? Address(JsonNode channel) => channel["address"]?.GetValue<string>();

    private static JsonObject Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Repository.PathOf("docs/asyncapi.yaml"));
        yaml.Load(reader);
        return (JsonObject)ToJson(yaml.Documents.Single().RootNode)!;
    }

    // Scalars stay strings, except the plain words YAML reads as booleans and null: enough for these assertions.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } flag => JsonValue.Create(flag.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
