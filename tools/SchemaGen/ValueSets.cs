using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Tchek.Events.Contracts;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// The closed sets of values of the contracts, found by rule: a static class of the contracts whose
/// public members are constants (<see cref="TokenStatusCodes"/>, <see cref="TrackingStopReasons"/>, ...),
/// named by a property's summary with <c>&lt;see cref&gt;</c>. That property's schema lists the values
/// (<c>enum</c>), and says each one's name and meaning (<c>oneOf</c>, one value each), so a reader of
/// the schema alone knows them.
/// </summary>
internal sealed class ValueSets(XmlDocs docs)
{
    /// <summary>How a description words a <c>&lt;see cref&gt;</c> to a value set: its values follow in the schema.</summary>
    public const string ListedBelow = "the values below";

    private static readonly Assembly Contracts = typeof(ITokenEvent).Assembly;

    /// <summary>The value set <paramref name="property"/>'s summary names, if its constants have the property's type.</summary>
    public static Type? Of(PropertyInfo property, XmlDocs docs)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return docs.TypesNamedBy(property)
            .Select(cref => Contracts.GetType(cref[2..]))
            .OfType<Type>()
            .FirstOrDefault(set => IsValueSet(set) && Constants(set).All(c => c.FieldType == type));
    }

    /// <summary>Words a <c>&lt;see cref&gt;</c> of the contracts' docs: a value set as <see cref="ListedBelow"/>, one of its values as the value; null for anything else.</summary>
    public static string? CrefText(string cref)
    {
        if (cref.StartsWith("T:", StringComparison.Ordinal) && Contracts.GetType(cref[2..]) is { } set && IsValueSet(set))
        {
            return ListedBelow;
        }

        var dot = cref.LastIndexOf('.');
        if (cref.StartsWith("F:", StringComparison.Ordinal) && dot > 2 && Contracts.GetType(cref[2..dot]) is { } owner && IsValueSet(owner)
            && owner.GetField(cref[(dot + 1)..]) is { IsLiteral: true } constant)
        {
            return constant.FieldType == typeof(string) ? $"`{constant.GetRawConstantValue()}`" : $"`{Value(constant)}` ({constant.Name})";
        }

        return null;
    }

    /// <summary>Adds the values of <paramref name="set"/> to <paramref name="schema"/>: <c>enum</c> (with null when the property may be null) and <c>oneOf</c>.</summary>
    public void Describe(Type set, bool nullable, JsonObject schema)
    {
        var values = new JsonArray();
        var meanings = new JsonArray();
        foreach (var constant in Constants(set))
        {
            var value = JsonValue.Create(constant.GetRawConstantValue());
            values.Add(value?.DeepClone());
            // A one-value enum rather than const: OpenAPI's model (Microsoft.OpenApi) keeps a const only as a string, and the poller's document embeds these schemas.
            var meaning = new JsonObject { ["enum"] = new JsonArray(value), ["title"] = constant.Name };
            if (docs.Of(constant) is { } description)
            {
                meaning["description"] = description;
            }

            meanings.Add(meaning);
        }

        if (nullable)
        {
            values.Add(null);
            // A one-value enum like the other branches, not `type: null`: Redocly's no-illogical-composition-keywords
            // reads a typed null branch under a nullable `type` as OpenAPI 3.0's `nullable`, which would make null ambiguous.
            meanings.Add(new JsonObject { ["enum"] = new JsonArray((JsonNode?)null), ["title"] = "None", ["description"] = "Not given (null)." });
        }

        schema["enum"] = values;
        schema["oneOf"] = meanings;
    }

    private static bool IsValueSet(Type type) =>
        type is { IsClass: true, IsAbstract: true, IsSealed: true, IsPublic: true } && Constants(type).Any()
        && type.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .All(m => m is FieldInfo { IsLiteral: true } or MethodInfo);

    // In declaration order, which is the order of the docs (0..6 for the statuses).
    private static IEnumerable<FieldInfo> Constants(Type set) =>
        set.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(f => f.IsLiteral).OrderBy(f => f.MetadataToken);

    private static string Value(FieldInfo constant) => Convert.ToString(constant.GetRawConstantValue(), CultureInfo.InvariantCulture)!;
}
