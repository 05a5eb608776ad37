using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tchek.Events.Chaos.Checking;

/// <summary>
/// One event as the checker sees it, read from its JSON with no help from the poller's code:
/// the fields the rules speak of, and a canonical form of the whole message to compare copies.
/// </summary>
internal sealed record EventFacts(
    Guid EventId,
    string Uid,
    long Sequence,
    string Type,
    int Status,
    int? PreviousStatus,
    bool Inferred,
    DateTimeOffset OccurredAt,
    decimal? PercentDamage,
    string? Reason,
    string Canonical)
{
    public static EventFacts Parse(Guid eventId, string type, string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException($"Event {eventId} is not a JSON object.");
        T? Get<T>(string name) => node.TryGetPropertyValue(name, out var value) && value is not null ? value.GetValue<T>() : default;
        return new EventFacts(
            eventId,
            Get<string>("tokenUid") ?? throw new JsonException($"Event {eventId} has no tokenUid."),
            Get<long>("sequence"),
            type,
            Get<int>("status"),
            node["previousStatus"] is null ? null : Get<int>("previousStatus"),
            Get<bool>("inferred"),
            Get<DateTimeOffset>("occurredAt"),
            Number(node["percentDamage"]),
            Get<string>("reason"),
            Canonicalize(node));
    }

    // MassTransit's serializer writes decimals as strings; the event log as numbers.
    private static decimal? Number(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => decimal.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
        _ => node.GetValue<decimal>(),
    };

    /// <summary>
    /// Keys sorted, nulls dropped, numbers written one way (a decimal in a string counts as that
    /// number, as MassTransit's serializer writes them): two serializations of one message compare equal.
    /// </summary>
    public static string Canonicalize(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(',', obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonicalize(p.Value))) + "}",
        JsonArray array => "[" + string.Join(',', array.Select(Canonicalize)) + "]",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number =>
            value.GetValue<decimal>().ToString("0.############################", CultureInfo.InvariantCulture),
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && decimal.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) =>
            number.ToString("0.############################", CultureInfo.InvariantCulture),
        null => "null",
        _ => node.ToJsonString(),
    };
}
