using System.Text.Json.Nodes;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// MassTransit's JSON envelope (content type <c>application/vnd.masstransit+json</c>), the body of
/// every message on the bus. Written by hand: it is MassTransit's format, not a contract of ours;
/// the integration tests validate the poller's real messages against it.
/// </summary>
internal static class EnvelopeSchema
{
    public const string FileName = "envelope.json";

    public static JsonObject Create() => new()
    {
        ["$schema"] = MessageSchemas.Dialect,
        ["title"] = "MassTransit envelope",
        ["description"] = "The body of every message on the bus (content type `application/vnd.masstransit+json`). "
            + "`message` holds the contract itself (see its own schema); everything else is MassTransit's. "
            + "The poller writes every field (null where it has no value) and adds nothing else at the top level. "
            + "A sender from another stack needs `messageType` and `message`, and should set a fresh `messageId`.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["messageId"] = Id("The message's id. For an event it is the event's `eventId`, also after a redelivery or a replay: deduplicate on it."),
            ["requestId"] = Id("Set by a sender that wants a reply (MassTransit request/response); the reply carries the same `requestId`."),
            ["correlationId"] = Id("For an event, MassTransit copies `eventId` here."),
            ["conversationId"] = Id("Shared by the messages of one conversation (a command and what it causes)."),
            ["initiatorId"] = Id("The id of the message that caused this one, if any."),
            ["sourceAddress"] = Address("The sender's endpoint."),
            ["destinationAddress"] = Address("Where the message was sent or published, e.g. `rabbitmq://host/Tchek.Events.Contracts:InspectionCompleted`."),
            ["responseAddress"] = Address("Where a reply goes (with `requestId`): the requester's endpoint, `rabbitmq://host/vhost/name`."),
            ["faultAddress"] = Address("Where a fault goes if the consumer fails; without it MassTransit publishes the fault."),
            ["messageType"] = new JsonObject
            {
                ["description"] = "The message's types as `urn:message:{namespace}:{type}`, most specific first. "
                    + "An event lists its concrete type, then `urn:message:Tchek.Events.Contracts:TokenEvent` (all but `TokenErased`, which derives from no base) and `urn:message:Tchek.Events.Contracts:ITokenEvent`; "
                    + "a consumer picks the first type it knows. A command sent by hand lists exactly its type, e.g. `urn:message:Tchek.Events.Contracts:TrackToken`.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^urn:message:[^:]+:.+$" },
                ["minItems"] = 1,
            },
            ["message"] = new JsonObject
            {
                ["description"] = "The contract, fields in camelCase: its schema is the file named after its type (`InspectionCompleted.json`, ...).",
                ["type"] = "object",
            },
            ["expirationTime"] = Time("When the message expires, if it does."),
            ["sentTime"] = Time("When the message was sent (UTC)."),
            ["headers"] = new JsonObject
            {
                ["description"] = "Application headers. The poller sets only `Replayed`, on replayed events. "
                    + "MassTransit also copies headers into the AMQP message's own headers, as text (`Replayed` there is the string `True`): read the envelope's.",
                ["type"] = new JsonArray("object", "null"),
                ["properties"] = new JsonObject
                {
                    ["Replayed"] = new JsonObject
                    {
                        ["description"] = "Present, and the JSON boolean `true`, on an event published again by a replay; absent otherwise. The event keeps its original `messageId`.",
                        ["type"] = "boolean",
                    },
                },
            },
            ["host"] = new JsonObject
            {
                ["description"] = "The sending process, for diagnostics only.",
                ["type"] = new JsonArray("object", "null"),
                ["properties"] = new JsonObject
                {
                    ["machineName"] = Text(),
                    ["processName"] = Text(),
                    ["processId"] = new JsonObject { ["type"] = new JsonArray("integer", "null") },
                    ["assembly"] = Text(),
                    ["assemblyVersion"] = Text(),
                    ["frameworkVersion"] = Text(),
                    ["massTransitVersion"] = Text(),
                    ["operatingSystemVersion"] = Text(),
                },
            },
        },
        ["required"] = new JsonArray("messageType", "message"),
    };

    private static JsonObject Id(string description) => new()
    {
        ["description"] = description,
        ["type"] = new JsonArray("string", "null"),
        ["format"] = "uuid",
    };

    private static JsonObject Address(string description) => new()
    {
        ["description"] = description,
        ["type"] = new JsonArray("string", "null"),
        ["format"] = "uri",
    };

    private static JsonObject Time(string description) => new()
    {
        ["description"] = description,
        ["type"] = new JsonArray("string", "null"),
        ["format"] = "date-time",
    };

    private static JsonObject Text() => new() { ["type"] = new JsonArray("string", "null") };
}
