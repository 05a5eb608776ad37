using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// Describes the items of <c>GET /tokens/{uid}/events</c> with the schemas of docs/schemas, which the
/// build embeds (scripts/generate-schemas.sh writes them from the contracts): <see cref="EventView"/>
/// becomes a <c>oneOf</c> discriminated by <c>type</c>, one variant per event type, whose <c>payload</c>
/// is that event's schema, so the HTTP API and the bus share one description.
/// </summary>
internal sealed class EventSchemas : IOpenApiDocumentTransformer
{
    private const string ResourcePrefix = "Schemas.";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(nameof(EventView), out var generated) || generated is not OpenApiSchema item)
        {
            return Task.CompletedTask;
        }

        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        foreach (var type in EventSerialization.TypeNames.Order(StringComparer.Ordinal))
        {
            document.AddComponent<IOpenApiSchema>(type, Load(type, document));
            var variant = new OpenApiSchema
            {
                Description = $"A stored {type}.",
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                Required = item.Required is null ? null : new HashSet<string>(item.Required, StringComparer.Ordinal),
            };
            foreach (var (key, property) in item.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                variant.Properties[key] = key switch
                {
                    "type" => new OpenApiSchema { Type = JsonSchemaType.String, Const = type, Description = "The event's type: the contract's name, as in the bus's `messageType`." },
                    "payload" => new OpenApiSchemaReference(type, document),
                    _ => property,
                };
            }

            var name = $"{type}{nameof(EventView)}";
            document.AddComponent<IOpenApiSchema>(name, variant);
            mapping[type] = new OpenApiSchemaReference(name, document);
        }

        schemas[nameof(EventView)] = new OpenApiSchema
        {
            Description = "One stored event. `payload` is the event exactly as the bus carries it (the envelope's `message`): the schema named after `type`, also in docs/schemas.",
            OneOf = [.. mapping.Values],
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping },
        };
        return Task.CompletedTask;
    }

    // docs/schemas/{type}.json without its $schema: the document's own dialect (OpenAPI 3.1) is JSON Schema 2020-12.
    private static IOpenApiSchema Load(string type, OpenApiDocument document)
    {
        using var stream = typeof(EventSchemas).Assembly.GetManifestResourceStream(ResourcePrefix + type + ".json")
            ?? throw new InvalidOperationException($"docs/schemas/{type}.json is not embedded: run scripts/generate-schemas.sh and rebuild.");
        var node = JsonNode.Parse(stream)!.AsObject();
        node.Remove("$schema");
        var schema = OpenApiModelFactory.Parse<OpenApiSchema>(node.ToJsonString(), OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, "json");
        return schema is not null && diagnostic is not { Errors.Count: > 0 }
            ? schema
            : throw new InvalidOperationException($"docs/schemas/{type}.json does not read as an OpenAPI schema: {string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? [])}");
    }
}
