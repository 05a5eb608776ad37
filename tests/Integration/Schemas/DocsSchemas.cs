extern alias jsonschema;

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using jsonschema::Json.Schema;

namespace Tchek.Events.IntegrationTests.Schemas;

/// <summary>The checked-in schemas under docs/schemas, and validation against them (draft 2020-12, formats checked).</summary>
internal static class DocsSchemas
{
    private static readonly ConcurrentDictionary<string, (JsonSchema Schema, JsonObject Node)> Loaded = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>Null when <paramref name="instance"/> is valid against <c>docs/schemas/{file}</c>, else every error with its location.</summary>
    public static string? Errors(string file, JsonNode instance)
    {
        var results = Load(file).Schema.Evaluate(JsonSerializer.SerializeToElement(instance), Options);
        return results.IsValid
            ? null
            : string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }

    /// <summary>
    /// As <see cref="Errors"/>, against the schema made strict: <c>additionalProperties: false</c> on every
    /// object schema that lists properties, so any property the schema does not name is an error. The
    /// checked-in schemas stay open (a consumer must ignore new properties); the producer must not need that.
    /// </summary>
    public static string? StrictErrors(string file, JsonNode instance)
    {
        var strict = Load(file).Node.DeepClone();
        Close(strict);
        var results = JsonSchema.FromText(strict.ToJsonString()).Evaluate(JsonSerializer.SerializeToElement(instance), Options);
        return results.IsValid
            ? null
            : string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }

    private static void Close(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["properties"] is JsonObject && !schema.ContainsKey("additionalProperties"))
                {
                    schema["additionalProperties"] = false;
                }

                foreach (var (_, child) in schema.ToList())
                {
                    Close(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Close(child);
                }

                break;
        }
    }

    /// <summary>The property names <c>docs/schemas/{file}</c> declares at its top level.</summary>
    public static IReadOnlySet<string> Properties(string file) =>
        Load(file).Node["properties"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    private static (JsonSchema Schema, JsonObject Node) Load(string file) => Loaded.GetOrAdd(file, name =>
    {
        var path = Path.Combine(AppProcess.RepoRoot, "docs", "schemas", name);
        Assert.True(File.Exists(path), $"docs/schemas/{name} does not exist: run scripts/generate-schemas.sh");
        var text = File.ReadAllText(path);
        return (JsonSchema.FromText(text), JsonNode.Parse(text)!.AsObject());
    });
}
