using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MassTransit.Serialization;
using Tchek.Events.Contracts;
using Tchek.Events.SchemaGen;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.UnitTests.SchemaGen;

/// <summary>docs/schemas and docs/asyncapi.yaml are what the generator makes of today's contracts, and the schemas describe what MassTransit writes.</summary>
public sealed class GeneratedDocsTests
{
    private static readonly IReadOnlyDictionary<string, string> Generated = GeneratedDocs.Create();

    [Fact]
    public void The_checked_in_schemas_and_asyncapi_are_what_the_contracts_generate()
    {
        foreach (var (relative, expected) in Generated)
        {
            var path = Repository.PathOf(Path.Combine("docs", relative));
            Assert.True(File.Exists(path), $"docs/{relative} is missing: run {GeneratedDocs.Command}");
            Assert.True(File.ReadAllText(path) == expected, $"docs/{relative} is stale (a contract or the generator changed): run {GeneratedDocs.Command}");
        }

        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("docs/schemas")))
        {
            var relative = $"schemas/{Path.GetFileName(file)}";
            Assert.True(Generated.ContainsKey(relative), $"docs/{relative} matches no contract any more: run {GeneratedDocs.Command}, which removes it");
        }
    }

    [Fact]
    public void Generated_files_are_deterministic_with_lf_endings_and_a_final_newline()
    {
        var again = GeneratedDocs.Create();

        Assert.Equal(Generated, again);
        Assert.All(Generated, file =>
        {
            Assert.DoesNotContain('\r', file.Value);
            Assert.EndsWith("\n", file.Value, StringComparison.Ordinal);
            Assert.False(file.Value.EndsWith("\n\n", StringComparison.Ordinal), $"{file.Key} ends with a blank line");
        });
    }

    [Fact]
    public void Every_event_command_and_reply_of_the_contracts_has_a_schema()
    {
        var contracts = typeof(ITokenEvent).Assembly.GetExportedTypes();
        // Independent of the generator's rule: the events are what the poller can store and publish.
        var events = EventSerialization.TypeNames.Order(StringComparer.Ordinal).ToList();
        var catalog = ContractCatalog.Load();

        Assert.Equal(events, catalog.Events.Select(t => t.Name));
        Assert.Equal(12, events.Count);
        Assert.Contains(nameof(TokenErased), events);
        Assert.Equal(contracts.Where(t => t.IsSealed && typeof(TokenEvent).IsAssignableFrom(t)).Select(t => t.Name).Append(nameof(TokenErased)).Order(StringComparer.Ordinal), events);
        Assert.Equal(["TrackToken:track-token", "UntrackToken:untrack-token"], catalog.Commands.Select(c => $"{c.Type.Name}:{c.Endpoint}"));
        Assert.DoesNotContain(typeof(TokenOptions), catalog.Messages);
        Assert.All(catalog.Messages, t => Assert.True(Generated.ContainsKey($"schemas/{t.Name}.json"), $"no schema for {t.Name}"));
        Assert.All(catalog.Replies, t => Assert.False(typeof(ITokenEvent).IsAssignableFrom(t)));
    }

    [Theory]
    [InlineData("TrackToken", new[] { "tokenUid" })]
    [InlineData("UntrackToken", new[] { "tokenUid" })]
    [InlineData("InspectionCompleted", new[] { "eventId", "tokenUid", "sequence", "status", "occurredAt", "observedAt", "inferred" })]
    [InlineData("DamageAssessed", new[] { "percentDamage", "eventId", "tokenUid", "sequence", "status", "occurredAt", "observedAt", "inferred" })]
    public void Exactly_the_properties_that_cannot_be_null_are_required(string type, string[] required)
    {
        var schema = JsonNode.Parse(Generated[$"schemas/{type}.json"])!;

        Assert.Equal(required, schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.All(schema["properties"]!.AsObject().Where(p => !required.Contains(p.Key)), p =>
            Assert.Contains("null", p.Value!["type"]!.AsArray().Select(n => n!.GetValue<string>())));
    }

    [Fact]
    public void Descriptions_come_from_the_contracts_xml_docs_inherited_ones_included()
    {
        var schema = JsonNode.Parse(Generated["schemas/InspectionCompleted.json"])!;

        Assert.StartsWith("Progress reached 5 (Completed)", schema["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Per token: starts at 1, gapless", schema["properties"]!["sequence"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("`options.report`", schema["properties"]!["options"]!["properties"]!["report"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TokenStatusChanged", "status", "Created,Opened,Shooting,PicturesTaken,DamageValidation,Completed,ChasedUp")]
    [InlineData("TokenStatusChanged", "previousStatus", "Created,Opened,Shooting,PicturesTaken,DamageValidation,Completed,ChasedUp")]
    [InlineData("TokenErased", "status", "Created,Opened,Shooting,PicturesTaken,DamageValidation,Completed,ChasedUp")]
    [InlineData("TokenTrackingAccepted", "outcome", "Created,AlreadyTracked,Untracked,AlreadyStopped")]
    [InlineData("TokenTrackingRefused", "reason", "Invalid,TrackingEnded,NotTracked")]
    [InlineData("TokenTrackingStopped", "reason", "CompletedTailElapsed,Expired,Untracked,NotFound")]
    [InlineData("UpstreamDegraded", "cause", "FailedPolls,RetryAfterHold")]
    [InlineData("UpstreamRestored", "cause", "FailedPolls,RetryAfterHold")]
    public void A_closed_set_lists_its_values_each_named_and_explained(string type, string property, string names)
    {
        var schema = JsonNode.Parse(Generated[$"schemas/{type}.json"])!["properties"]![property]!;

        var values = schema["enum"]!.AsArray().Select(v => v!.ToJsonString()).ToList();
        var meanings = schema["oneOf"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(names.Split(','), meanings.Select(m => m["title"]!.GetValue<string>()));
        Assert.Equal(values, meanings.Select(m => Assert.Single(m["enum"]!.AsArray())!.ToJsonString()));
        Assert.All(meanings, m => Assert.False(string.IsNullOrWhiteSpace(m["description"]?.GetValue<string>()), $"{type}.{property} {m["title"]} has no description"));
        Assert.DoesNotContain("see ", schema["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Status_zero_is_named_and_every_status_is_explained_as_the_vendor_defines_it()
    {
        var status = JsonNode.Parse(Generated["schemas/InspectionCompleted.json"])!["properties"]!["status"]!;

        Assert.Equal(Enumerable.Range(0, 7), status["enum"]!.AsArray().Select(v => v!.GetValue<int>()));
        var created = status["oneOf"]!.AsArray().Single(m => m!["enum"]![0]!.GetValue<int>() == TokenStatusCodes.Created)!;
        Assert.Equal("Created", created["title"]!.GetValue<string>());
        Assert.Contains("has not opened the URL", created["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TokenStatusCodes")]
    [InlineData("TokenTrackingOutcomes")]
    [InlineData("TokenTrackingRefusalReasons")]
    [InlineData("TrackingStopReasons")]
    [InlineData("UpstreamDegradationCauses")]
    public void No_schema_sends_its_reader_to_a_csharp_class_for_the_values(string valueSet)
    {
        Assert.All(Generated.Where(f => f.Key.StartsWith("schemas/", StringComparison.Ordinal)), file =>
            Assert.False(file.Value.Contains(valueSet, StringComparison.Ordinal), $"{file.Key} names {valueSet} instead of listing its values"));
    }

    [Theory]
    [InlineData("TokenStatusChanged", "status", "7")]
    [InlineData("TokenTrackingStopped", "reason", "\"Bored\"")]
    [InlineData("UpstreamDegraded", "cause", "\"failedPolls\"")]
    public void A_value_outside_its_set_is_invalid(string type, string property, string value)
    {
        var schema = JsonNode.Parse(Generated[$"schemas/{type}.json"])!["properties"]![property]!.ToJsonString();

        Assert.False(JsonSchema.FromText(schema).Evaluate(JsonDocument.Parse(value).RootElement).IsValid);
        Assert.True(JsonSchema.FromText(schema).Evaluate(JsonDocument.Parse(JsonNode.Parse(schema)!["enum"]![0]!.ToJsonString()).RootElement).IsValid);
    }

    public static TheoryData<ITokenEvent> Events() =>
    [
        new InspectionCompleted { TokenUid = "T3D6288", Sequence = 9, PercentDamage = 12.50m, Options = new TokenOptions { Report = true }, InspectionId = "insp" },
        new InspectionCompleted { TokenUid = "T3D6288", Sequence = 9 },
        new DamageAssessed { TokenUid = "T3D6288", Sequence = 10, PercentDamage = -0.001m, PreviousPercentDamage = 79228162514264337593543950335m },
        new TokenTracked { TokenUid = "T3D6288", Sequence = 1, ExpiresAt = DateTimeOffset.UnixEpoch, SendingType = 2, Options = new TokenOptions() },
        new TokenTrackingStopped { TokenUid = "T3D6288", Sequence = 12, Reason = TrackingStopReasons.Expired },
        new TokenExpired { TokenUid = "T3D6288", Sequence = 11 },
        new TokenErased { TokenUid = "T3D6288", Sequence = 13, Status = 5 },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void What_MassTransit_writes_for_an_event_is_valid_against_its_schema(ITokenEvent evt)
    {
        var json = JsonSerializer.SerializeToElement(evt, evt.GetType(), SystemTextJsonMessageSerializer.Options);

        var results = SchemaOf(evt.GetType().Name).Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(results.IsValid, Errors(results));
    }

    [Theory]
    [InlineData("percentDamage", "12.5")]
    [InlineData("sequence", "\"9\"")]
    [InlineData("eventId", "\"not-a-uuid\"")]
    [InlineData("tokenUid", "null")]
    public void A_message_that_breaks_its_schema_is_invalid(string property, string value)
    {
        var json = JsonSerializer.SerializeToNode(new InspectionCompleted { TokenUid = "T3D6288", PercentDamage = 1m }, SystemTextJsonMessageSerializer.Options)!;
        json[property] = JsonNode.Parse(value);

        var results = SchemaOf(nameof(InspectionCompleted)).Evaluate(JsonSerializer.SerializeToElement(json), new EvaluationOptions { RequireFormatValidation = true });

        Assert.False(results.IsValid);
    }

    private static JsonSchema SchemaOf(string type) => JsonSchema.FromText(Generated[$"schemas/{type}.json"]);

    internal static string Errors(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
