using System.Collections.Frozen;

namespace Tchek.Events.StatusPoller.Relay;

/// <summary>How events are stored in the log: the contract type's name and its JSON (camelCase, as on the bus).</summary>
internal static class EventSerialization
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Every concrete token event: those that derive from TokenEvent, and TokenErased, which implements ITokenEvent alone.
    private static readonly FrozenDictionary<string, Type> TypesByName = typeof(ITokenEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsSealed: true } && typeof(ITokenEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static IEnumerable<string> TypeNames => TypesByName.Keys;

    public static string TypeName(ITokenEvent evt) => evt.GetType().Name;

    public static string Serialize(ITokenEvent evt) => JsonSerializer.Serialize(evt, evt.GetType(), Json);

    public static ITokenEvent Deserialize(string typeName, string payload) =>
        TypesByName.TryGetValue(typeName, out var type)
            ? (ITokenEvent)(JsonSerializer.Deserialize(payload, type, Json) ?? throw new JsonException($"Stored {typeName} is null."))
            : throw new JsonException($"Stored event type {typeName} is not a contract type.");

    /// <summary>
    /// A stored event as the bus carries it (the envelope's <c>message</c>): MassTransit's serializer
    /// options, so decimals are strings and every property is written. What the HTTP API shows.
    /// </summary>
    public static JsonElement ToMessage(string typeName, string payload)
    {
        var evt = Deserialize(typeName, payload);
        return JsonSerializer.SerializeToElement(evt, evt.GetType(), MassTransit.Serialization.SystemTextJsonMessageSerializer.Options);
    }

    public static bool IsEventType(string typeName) => TypesByName.ContainsKey(typeName);
}
