using System.Collections.Frozen;

namespace Tchek.Events.StatusPoller.Relay;

/// <summary>How events are stored in the log: the contract type's name and its JSON (camelCase, as on the bus).</summary>
internal static class EventSerialization
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly FrozenDictionary<string, Type> TypesByName = typeof(TokenEvent).Assembly.GetTypes()
        .Where(t => t.IsSealed && typeof(TokenEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static IEnumerable<string> TypeNames => TypesByName.Keys;

    public static string TypeName(TokenEvent evt) => evt.GetType().Name;

    public static string Serialize(TokenEvent evt) => JsonSerializer.Serialize(evt, evt.GetType(), Json);

    public static TokenEvent Deserialize(string typeName, string payload) =>
        TypesByName.TryGetValue(typeName, out var type)
            ? (TokenEvent)(JsonSerializer.Deserialize(payload, type, Json) ?? throw new JsonException($"Stored {typeName} is null."))
            : throw new JsonException($"Stored event type {typeName} is not a contract type.");

    public static bool IsEventType(string typeName) => TypesByName.ContainsKey(typeName);
}
