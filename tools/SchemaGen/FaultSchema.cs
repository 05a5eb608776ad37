using System.Text.Json.Nodes;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// MassTransit's <c>Fault&lt;T&gt;</c>, the <c>message</c> of the envelope MassTransit sends when a
/// consumer of a command fails (<c>T</c> is the command): camelCase as on the wire. Written by hand,
/// like the envelope: it is MassTransit's type; an integration test validates a real fault against it.
/// </summary>
internal static class FaultSchema
{
    public const string FileName = "Fault.json";

    public static JsonObject Create() => new()
    {
        ["$schema"] = MessageSchemas.Dialect,
        ["title"] = "Fault<T>",
        ["description"] = "What MassTransit sends to the command's `faultAddress` (or publishes, to `MassTransit:Fault--Tchek.Events.Contracts:TrackToken--` and the like) "
            + "when the poller refuses a command sent without a request id, or cannot read it. "
            + "Its envelope's `messageType` is `urn:message:MassTransit:Fault[[Tchek.Events.Contracts:TrackToken]]` (or `UntrackToken`), then `urn:message:MassTransit:Fault`. "
            + "The reason is `exceptions[0].message`.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["faultId"] = new JsonObject { ["description"] = "The fault's own id.", ["type"] = "string", ["format"] = "uuid" },
            ["faultedMessageId"] = new JsonObject
            {
                ["description"] = "The `messageId` of the command that failed.",
                ["type"] = new JsonArray("string", "null"),
                ["format"] = "uuid",
            },
            ["timestamp"] = new JsonObject { ["description"] = "When the consumer failed (UTC).", ["type"] = "string", ["format"] = "date-time" },
            ["exceptions"] = new JsonObject
            {
                ["description"] = "What went wrong, outermost first. For a refused command, one entry whose `message` says why, e.g. "
                    + "`TrackToken refused: uid: A token uid is 3 to 64 letters or digits, without the -pwa suffix.`.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["$ref"] = "#/$defs/exceptionInfo" },
                ["minItems"] = 1,
            },
            ["host"] = new JsonObject
            {
                ["description"] = "The process whose consumer failed, for diagnostics only (the envelope's `host` has the same fields).",
                ["type"] = new JsonArray("object", "null"),
            },
            ["faultMessageTypes"] = new JsonObject
            {
                ["description"] = "The failed message's types, as `urn:message:...`.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^urn:message:[^:]+:.+$" },
            },
            ["message"] = new JsonObject
            {
                ["description"] = "The command that failed, as it was sent: see `TrackToken.json` or `UntrackToken.json`.",
                ["type"] = "object",
            },
        },
        ["required"] = new JsonArray("faultId", "timestamp", "exceptions", "faultMessageTypes", "message"),
        ["$defs"] = new JsonObject
        {
            ["exceptionInfo"] = new JsonObject
            {
                ["description"] = "One exception.",
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["exceptionType"] = new JsonObject { ["description"] = "The .NET exception type, e.g. `System.ArgumentException`.", ["type"] = "string" },
                    ["innerException"] = new JsonObject
                    {
                        ["description"] = "The exception that caused this one, if any.",
                        ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/$defs/exceptionInfo" }, new JsonObject { ["type"] = "null" }),
                    },
                    ["stackTrace"] = new JsonObject { ["description"] = "Where it was thrown, for the poller's maintainers.", ["type"] = new JsonArray("string", "null") },
                    ["message"] = new JsonObject { ["description"] = "What went wrong, in words: the reason a command was refused.", ["type"] = "string" },
                    ["source"] = new JsonObject { ["description"] = "The .NET assembly that threw.", ["type"] = new JsonArray("string", "null") },
                    ["data"] = new JsonObject { ["description"] = "The exception's data, if any.", ["type"] = new JsonArray("object", "null") },
                },
                ["required"] = new JsonArray("exceptionType", "message"),
            },
        },
    };
}
