using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using MassTransit.Serialization;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// The JSON Schema (draft 2020-12) of a message's <c>message</c> part as MassTransit writes it: the
/// serializer's own options (camelCase names, every property written, nulls included, decimals as
/// strings), the contracts' summaries as descriptions, every property that cannot be null required, and
/// the values of a closed set listed (<see cref="ValueSets"/>).
/// </summary>
internal sealed class MessageSchemas(XmlDocs docs)
{
    private readonly ValueSets _values = new(docs);

    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    // decimal.ToString(CultureInfo.InvariantCulture), which MassTransit's StringDecimalJsonConverter writes: never an exponent.
    private const string DecimalPattern = @"^-?[0-9]+(\.[0-9]+)?$";

    // A copy, so the exporter may read nullable annotations without touching the bus's own options.
    private static readonly JsonSerializerOptions Options = new(SystemTextJsonMessageSerializer.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
    };

    // MassTransit's converter factory takes over interface-typed collections (IReadOnlyDictionary, ...),
    // which the exporter then cannot see into; it writes them as System.Text.Json does, so these
    // options, without MassTransit's converters, describe them.
    private static readonly JsonSerializerOptions PlainOptions = new(Options);

    static MessageSchemas() => PlainOptions.Converters.Clear();

    public JsonObject For(Type message)
    {
        var body = (JsonObject)Options.GetJsonSchemaAsNode(message, Exporter());
        var schema = new JsonObject
        {
            ["$schema"] = Dialect,
            ["title"] = message.Name,
        };
        foreach (var (key, value) in body)
        {
            schema[key] = value?.DeepClone();
        }

        return schema;
    }

    private JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        var type = context.TypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null || context.PropertyInfo is { IsGetNullable: true };
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal))
        {
            node = new JsonObject
            {
                ["type"] = nullable ? new JsonArray("string", "null") : "string",
                ["pattern"] = DecimalPattern,
            };
        }

        else if (IsOpaque(node) && type != typeof(object))
        {
            node = PlainOptions.GetJsonSchemaAsNode(type, Exporter());
            if (nullable && node["type"] is JsonValue single)
            {
                node["type"] = new JsonArray(single.GetValue<string>(), "null");
            }
        }

        if (node is not JsonObject schema)
        {
            return node;
        }

        var description = context.PropertyInfo?.AttributeProvider is PropertyInfo property ? docs.Of(property) : null;
        description ??= context.TypeInfo.Kind == JsonTypeInfoKind.Object && context.PropertyInfo is null ? docs.Of(type) : null;

        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && context.PropertyInfo is null)
        {
            var required = context.TypeInfo.Properties.Where(p => !CanBeNull(p)).Select(p => (JsonNode)p.Name).ToArray();
            schema.Remove("required");
            if (required.Length > 0)
            {
                schema["required"] = new JsonArray(required);
            }
        }

        // Description first, so a reader sees what a schema is before its details.
        var ordered = new JsonObject();
        if (description is not null)
        {
            ordered["description"] = description;
        }

        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            ordered[key] = value;
        }

        if (context.PropertyInfo?.AttributeProvider is PropertyInfo named && ValueSets.Of(named, docs) is { } set)
        {
            _values.Describe(set, nullable, ordered);
        }

        return ordered;
    }

    private JsonSchemaExporterOptions Exporter() => new() { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform };

    private static bool IsOpaque(JsonNode node) =>
        node is JsonObject { Count: 0 } || (node is JsonValue value && value.TryGetValue<bool>(out var any) && any);

    private static bool CanBeNull(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable);
}
