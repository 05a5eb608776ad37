using System.Text.Json.Nodes;
using Tchek.Events.Contracts;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// docs/asyncapi.yaml (AsyncAPI 3.0.0), from the point of view of the poller: it sends the events to
/// their exchanges, receives the commands on its endpoints and, when asked, replies. Channels,
/// messages and operations come from the <see cref="ContractCatalog"/>; payloads reference the
/// generated schemas under <c>schemas/</c>. The topology is MassTransit's default, as the poller
/// configures it (checked against a running broker with <c>rabbitmqctl list_bindings</c>).
/// </summary>
internal static class AsyncApiDocument
{
    public const string ContentType = "application/vnd.masstransit+json";

    private const string AllEvents = nameof(ITokenEvent);
    private const string AllHealthEvents = nameof(IUpstreamHealthEvent);
    private const string Replies = "replies";
    private const string TokenEventsRoute = "{uid}/events";
    /// <summary>The message trait every message references: MassTransit's content type, the message id and <c>Replayed</c>.</summary>
    public const string HeadersTrait = "massTransitHeaders";

    /// <summary>Where a client that is not MassTransit reads how to ask for a reply.</summary>
    public const string ReplyRulesPage = "docs/subscribing/commands.md (Replies from another language)";

    /// <summary>The header the poller sets on an event a replay publishes again.</summary>
    public const string ReplayedHeader = "Replayed";

    /// <summary>The message id, as MassTransit carries it (the AMQP <c>message_id</c> and the envelope's <c>messageId</c>).</summary>
    public const string MessageIdHeader = "MessageId";

    public static JsonObject Create(ContractCatalog catalog, XmlDocs docs)
    {
        var channels = new JsonObject { [AllEvents] = EventsChannel(catalog) };
        var operations = new JsonObject();
        var schemas = new JsonObject { ["envelope"] = Ref($"./schemas/{EnvelopeSchema.FileName}") };
        var messages = new JsonObject();

        foreach (var type in catalog.Events)
        {
            channels[type.Name] = Channel(
                Exchange(type),
                $"{docs.Of(type)}\nA fanout exchange; MassTransit binds it to `{Exchange(typeof(ITokenEvent))}` (exchange to exchange). Bind a queue here for this event alone.",
                Messages(type));
            operations[$"publish{type.Name}"] = new JsonObject
            {
                ["action"] = "send",
                ["channel"] = Ref($"#/channels/{type.Name}"),
                ["summary"] = $"The poller publishes {type.Name} (at least once, in `sequence` order per token).",
                ["description"] = $"""
                    The poller (its `tchek-poller` account, from its transactional outbox) publishes {type.Name} to the exchange `{Exchange(type)}`; any subscriber receives it on a durable queue of its own bound here (or to `{Exchange(typeof(ITokenEvent))}` for every event).
                    Delivery is at least once: deduplicate on `messageId`, the event's `eventId`. Per token the events come in `sequence` order (1, 2, 3, ...); a gap means missed events, which `GET /tokens/{TokenEventsRoute}?after=N` or a replay returns. A replayed copy has the same `messageId` and the header `Replayed: true`.
                    """.TrimEnd(),
                ["messages"] = new JsonArray(Ref($"#/channels/{type.Name}/messages/{type.Name}")),
            };
        }

        operations["deliverTokenEvents"] = new JsonObject
        {
            ["action"] = "send",
            ["channel"] = Ref($"#/channels/{AllEvents}"),
            ["summary"] = "Every event reaches this exchange through its own exchange's binding.",
            ["description"] = """
                Every token event the poller publishes also reaches this exchange (MassTransit's exchange-to-exchange binding from each event's own exchange): a subscriber that wants them all binds one durable queue here and reads the concrete type from the first entry of `messageType`.
                At least once (deduplicate on `messageId`, the event's `eventId`), in `sequence` order per token; events of different tokens interleave. Replays come again with the header `Replayed: true`.
                """.TrimEnd(),
            ["messages"] = new JsonArray([.. catalog.Events.Select(t => Ref($"#/channels/{AllEvents}/messages/{t.Name}"))]),
        };

        if (catalog.HealthEvents.Count > 0)
        {
            AddHealthEvents(catalog, docs, channels, operations);
        }

        foreach (var command in catalog.Commands)
        {
            channels[command.Endpoint] = CommandChannel(command, docs);
            var receive = new JsonObject
            {
                ["action"] = "receive",
                ["channel"] = Ref($"#/channels/{command.Endpoint}"),
                ["summary"] = $"The poller consumes {command.Type.Name} on its endpoint `{command.Endpoint}`.",
                ["description"] = CommandDescription(command),
                ["messages"] = new JsonArray(Ref($"#/channels/{command.Endpoint}/messages/{command.Type.Name}")),
            };
            if (catalog.Replies.Count > 0)
            {
                receive["reply"] = new JsonObject
                {
                    ["address"] = new JsonObject
                    {
                        ["description"] = "The command's `responseAddress`; the poller replies only when the envelope also has a `requestId`, and copies it into the reply.",
                        ["location"] = "$message.payload#/responseAddress",
                    },
                    ["channel"] = Ref($"#/channels/{Replies}"),
                    ["messages"] = new JsonArray([.. catalog.Replies.Select(t => Ref($"#/channels/{Replies}/messages/{t.Name}"))]),
                };
            }

            operations[$"receive{command.Type.Name}"] = receive;
        }

        if (catalog.Replies.Count > 0)
        {
            channels[Replies] = new JsonObject
            {
                ["address"] = null,
                ["title"] = "Replies to commands",
                ["description"] = """
                    The requester's own endpoint, named by the command's `responseAddress` (`rabbitmq://host/vhost/name`): the poller publishes the reply to the exchange `name` (declaring it, fanout and durable, if absent). MassTransit binds no queue to it unless the address says so (`?bind=true&queue=name`).
                    A MassTransit requester (`IRequestClient<TrackToken>`) sets all of this itself. Another AMQP client declares the exchange `name` and binds its reply queue to it, sends the command with `requestId` (a fresh uuid) and `responseAddress`, and matches the reply's `requestId`.
                    """,
                ["messages"] = Messages([.. catalog.Replies]),
            };
        }

        foreach (var type in catalog.Messages)
        {
            schemas[type.Name] = Ref($"./schemas/{type.Name}.json");
            messages[type.Name] = Message(type, docs, catalog.Commands.FirstOrDefault(c => c.Type == type));
        }

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = Info(),
            ["defaultContentType"] = ContentType,
            ["servers"] = Servers(),
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["brokerAccount"] = new JsonObject
                    {
                        ["type"] = "userPassword",
                        ["description"] = "One RabbitMQ account per party (docs/deploying/broker-accounts.md): `tchek-poller` alone publishes events, stamping `user_id` with its account; each subscriber has an account of its own from `subscribers add <name>`, which may use only `<name>-*` queues and bind them to the event exchanges; `tchek-commander` publishes the two commands and reads its `reply-commander-*` queues.",
                    },
                },
                ["schemas"] = schemas,
                ["messages"] = messages,
                ["messageTraits"] = new JsonObject { [HeadersTrait] = HeadersTraitObject() },
            },
        };
    }

    /// <summary>The exchange MassTransit names after a message type.</summary>
    public static string Exchange(Type type) => $"{type.Namespace}:{type.Name}";

    /// <summary>The message type MassTransit lists in the envelope's <c>messageType</c>.</summary>
    public static string Urn(Type type) => $"urn:message:{type.Namespace}:{type.Name}";

    private static JsonObject Info() => new()
    {
        ["title"] = "Tchek.Events",
        ["contact"] = new JsonObject { ["name"] = "Tchek.Events maintainers" },
        ["license"] = new JsonObject { ["name"] = "MIT", ["url"] = "https://opensource.org/license/mit" },
        ["tags"] = new JsonArray(
            new JsonObject { ["name"] = "events", ["description"] = "The token events and the upstream health events the poller publishes, at least once." },
            new JsonObject { ["name"] = "commands", ["description"] = "TrackToken and UntrackToken, which the poller consumes, and their replies." }),
        ["version"] = typeof(ITokenEvent).Assembly.GetName().Version!.ToString(3),
        ["description"] = """
            The self-inspection token events the poller publishes on RabbitMQ with MassTransit, the upstream health events (UpstreamDegraded, UpstreamRestored: whether the vendor answers), and the two commands it accepts. The rules (when each event is emitted, ordering, ids) are in the README and docs/events.md; the payloads are the JSON Schemas under docs/schemas/, generated from src/Contracts.
            Every message body is MassTransit's JSON envelope (content type `application/vnd.masstransit+json`); the contract is its `message` property, fields in camelCase, decimals as strings, null fields written as null.
            Delivery is at least once: deduplicate on `messageId` (the event's `eventId`). Per token, `sequence` starts at 1 and grows by 1 per event; a gap means missed events, which `GET /tokens/{uid}/events?after=N` or a replay returns.
            Regenerate this file and the schemas with scripts/generate-schemas.sh; a test fails when they are stale.
            """,
    };

    private static JsonObject Servers() => new()
    {
        ["broker"] = new JsonObject
        {
            ["host"] = "localhost:5672",
            ["protocol"] = "amqp",
            ["protocolVersion"] = "0.9.1",
            ["pathname"] = "/",
            ["description"] = """
                The RabbitMQ broker of `ConnectionStrings:RabbitMq` (virtual host `/` by default). The poller connects with plain `amqp`. Where the broker also listens for TLS, a subscriber may use `amqps` (port 5671 by default): the exchanges, queues and messages are the same.
                """,
            ["security"] = new JsonArray(Ref("#/components/securitySchemes/brokerAccount")),
        },
    };

    // The health events are not token events: their own exchange, apart from ITokenEvent's, so a
    // subscriber to every token event does not get them, and one that wants only them binds here.
    private static void AddHealthEvents(ContractCatalog catalog, XmlDocs docs, JsonObject channels, JsonObject operations)
    {
        channels[AllHealthEvents] = Channel(
            Exchange(typeof(IUpstreamHealthEvent)),
            $"""
            Whether the vendor answers the poller: `UpstreamDegraded` when it is failing (too many failed polls over a sliding window, or a long `Retry-After` hold), `UpstreamRestored` when it has been calm again for a while. One instance decides (the one whose outbox relay is active); each is published once per episode, at least once, `Degraded` before its `Restored`.
            A fanout exchange that MassTransit binds from each health event's own exchange; it is not bound to `{Exchange(typeof(ITokenEvent))}`. Subscribe by declaring your own durable queue and binding it here.
            """,
            Messages([.. catalog.HealthEvents]));
        foreach (var type in catalog.HealthEvents)
        {
            channels[type.Name] = Channel(
                Exchange(type),
                $"{docs.Of(type)}\nA fanout exchange; MassTransit binds it to `{Exchange(typeof(IUpstreamHealthEvent))}` (exchange to exchange). Bind a queue here for this event alone.",
                Messages(type));
            operations[$"publish{type.Name}"] = new JsonObject
            {
                ["action"] = "send",
                ["channel"] = Ref($"#/channels/{type.Name}"),
                ["summary"] = $"The poller publishes {type.Name} (at least once, once per episode; deduplicate on `eventId`).",
                ["description"] = $"""
                    The poller instance whose outbox relay is active publishes {type.Name} to the exchange `{Exchange(type)}`; any subscriber receives it on a durable queue of its own bound here (or to `{Exchange(typeof(IUpstreamHealthEvent))}` for both health events).
                    Once per episode, at least once: deduplicate on `messageId`, the event's `eventId`. An episode's `UpstreamDegraded` comes before its `UpstreamRestored`. Health events carry no token and no `sequence`.
                    """.TrimEnd(),
                ["messages"] = new JsonArray(Ref($"#/channels/{type.Name}/messages/{type.Name}")),
            };
        }

        operations["deliverUpstreamHealthEvents"] = new JsonObject
        {
            ["action"] = "send",
            ["channel"] = Ref($"#/channels/{AllHealthEvents}"),
            ["summary"] = "Every health event reaches this exchange through its own exchange's binding.",
            ["description"] = """
                Both health events reach this exchange (MassTransit's exchange-to-exchange binding from each one's own exchange); it is not bound to the token events' exchange. A subscriber binds one durable queue here to learn whether the vendor answers the poller.
                At least once, once per episode (deduplicate on `messageId`, the event's `eventId`); `UpstreamDegraded` before its `UpstreamRestored`.
                """.TrimEnd(),
            ["messages"] = new JsonArray([.. catalog.HealthEvents.Select(t => Ref($"#/channels/{AllHealthEvents}/messages/{t.Name}"))]),
        };
    }

    private static JsonObject EventsChannel(ContractCatalog catalog) => Channel(
        Exchange(typeof(ITokenEvent)),
        $"""
        Every token event. A fanout exchange that MassTransit binds from each event's own exchange (exchange to exchange); `{Exchange(typeof(TokenEvent))}` has no exchange (the poller excludes it from the topology), though the envelope's `messageType` lists it (for every event but `{nameof(TokenErased)}`, which derives from no base).
        Subscribe by declaring your own durable queue and binding it here (any routing key). Read the concrete type from the first entry of `messageType`.
        """,
        Messages([.. catalog.Events]));

    private static JsonObject CommandChannel(Command command, XmlDocs docs) => Channel(
        command.Endpoint,
        $"""
        {docs.Of(command.Type)}
        The poller's receive endpoint: a fanout exchange `{command.Endpoint}` bound to the durable queue `{command.Endpoint}`. From any AMQP client, publish to the exchange `{command.Endpoint}` (routing key ignored) with content type `{ContentType}`, persistent, and a body that is the envelope with `messageType: ["{Urn(command.Type)}"]` and the command as `message` (see the message's example). MassTransit also binds `{Exchange(command.Type)}` to it, so publishing the command there works too.
        A command that breaks a rule, or keeps failing, ends in the queue `{command.Endpoint}_error`, and MassTransit publishes its `Fault<{command.Type.Name}>` to the exchange `MassTransit:Fault--{Exchange(command.Type)}--` (or sends it to the envelope's `faultAddress`): its `message` is described by `schemas/{FaultSchema.FileName}`, the reason in `exceptions[0].message`.
        """,
        Messages(command.Type));

    private static JsonObject Channel(string address, string description, JsonObject messages) => new()
    {
        ["address"] = address,
        ["description"] = description.TrimEnd(),
        ["messages"] = messages,
        ["bindings"] = new JsonObject
        {
            ["amqp"] = new JsonObject
            {
                ["is"] = "routingKey",
                ["exchange"] = new JsonObject
                {
                    ["name"] = address,
                    ["type"] = "fanout",
                    ["durable"] = true,
                    ["autoDelete"] = false,
                    ["vhost"] = "/",
                },
                ["bindingVersion"] = "0.3.0",
            },
        },
    };

    private static JsonObject Messages(params Type[] types)
    {
        var messages = new JsonObject();
        foreach (var type in types)
        {
            messages[type.Name] = Ref($"#/components/messages/{type.Name}");
        }

        return messages;
    }

    private static JsonObject Message(Type type, XmlDocs docs, Command? command)
    {
        var message = new JsonObject
        {
            ["name"] = type.Name,
            ["title"] = type.Name,
            ["summary"] = docs.Of(type),
            ["payload"] = new JsonObject
            {
                ["allOf"] = new JsonArray(
                    Ref("#/components/schemas/envelope"),
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["messageType"] = new JsonObject { ["contains"] = new JsonObject { ["const"] = Urn(type) } },
                            ["message"] = Ref($"#/components/schemas/{type.Name}"),
                        },
                    }),
            },
        };
        message["traits"] = new JsonArray(Ref($"#/components/messageTraits/{HeadersTrait}"));
        if (typeof(ITokenEvent).IsAssignableFrom(type) || typeof(IUpstreamHealthEvent).IsAssignableFrom(type))
        {
            message["correlationId"] = new JsonObject
            {
                ["description"] = "The event's `eventId`, also the envelope's `messageId`: the same on every delivery and replay.",
                ["location"] = "$message.payload#/messageId",
            };
        }
        else if (command is null)
        {
            message["correlationId"] = new JsonObject
            {
                ["description"] = "The `requestId` of the command this answers.",
                ["location"] = "$message.payload#/requestId",
            };
        }
        else
        {
            message["examples"] = new JsonArray(new JsonObject
            {
                ["name"] = "fromAnyClient",
                ["summary"] = $"The least a client sends to the exchange `{command.Endpoint}`; add `requestId` and `responseAddress` to get a reply.",
                ["payload"] = new JsonObject
                {
                    ["messageId"] = "6f1c2a3e-9d0b-4c5e-8f7a-1b2c3d4e5f60",
                    ["messageType"] = new JsonArray(Urn(type)),
                    ["message"] = new JsonObject { ["tokenUid"] = "T3D6288" },
                },
            });
        }

        return message;
    }

    // A command's receive operation: who sends it, what the poller does, and the reply rules for a
    // client that is not MassTransit (the full text: docs/subscribing/commands.md).
    private static string CommandDescription(Command command) => $"""
        A requester sends {command.Type.Name} to the exchange `{Exchange(command.Type)}` (the only one the shipped `tchek-commander` account may write to) or, with broader permissions, `{command.Endpoint}`; the poller consumes it from its durable queue `{command.Endpoint}`. Delivery is at least once. One that breaks a rule or keeps failing ends in `{command.Endpoint}_error`, with a `Fault<{command.Type.Name}>` published.
        The poller replies only when the envelope has both `requestId` and `responseAddress`. Replies from another language (not MassTransit), in short:
        - name the reply exchange and queue `reply-commander-<something unique>`: the shipped permissions (deploy/rabbitmq/definitions.json) let `tchek-commander` declare, bind and read only `reply-commander-*`, and the poller write only to `reply-*`, so an exchange named `crm-replies` is refused and no reply comes;
        - declare both temporary: a fanout exchange that is not durable and auto-deletes, and an exclusive, auto-delete queue bound to it;
        - `responseAddress` on the default vhost `/` has no vhost segment at all, `rabbitmq://HOST/reply-commander-1a2b?temporary=true`; on another vhost, e.g. `crm`, `rabbitmq://HOST/crm/reply-commander-1a2b?temporary=true` (the vhost URL-encoded);
        - `?temporary=true` is not optional for a temporary exchange: without it the poller declares the exchange durable, the broker refuses the differing declaration, and no reply comes (a durable exchange works if declared durable and the address leaves `?temporary=true` out);
        - match the reply (`TokenTrackingAccepted` or `TokenTrackingRefused`) on its `requestId`.
        The full rules: {ReplyRulesPage}.
        """.TrimEnd();

    private static JsonObject HeadersTraitObject() => new()
    {
        ["name"] = HeadersTrait,
        ["title"] = "MassTransit headers",
        ["summary"] = $"What MassTransit carries beside the body: the content type `{ContentType}`, the message id, and the poller's `{ReplayedHeader}` header.",
        ["contentType"] = ContentType,
        ["headers"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                [ReplayedHeader] = new JsonObject
                {
                    ["type"] = "boolean",
                    ["const"] = true,
                    ["description"] = "`true` (a JSON boolean) on an event a replay published again (`POST /tokens/{uid}/replay`, `POST /events/replay` or the operator console: docs/operating/replay.md): the same `eventId` and `messageId` as the first delivery, so a subscriber that already has it skips it. Absent on every first publication, and on commands and replies. Read it from the envelope's `headers` object.",
                },
                [MessageIdHeader] = new JsonObject
                {
                    ["type"] = "string",
                    ["format"] = "uuid",
                    ["description"] = "The message id: the AMQP property `message_id` and the envelope's `messageId`. For an event it is the event's `eventId`, the same on every delivery and replay: deduplicate on it. For a command, a fresh uuid chosen by the sender; for a reply, MassTransit's own.",
                },
            },
        },
    };

    private static JsonObject Ref(string target) => new() { ["$ref"] = target };
}
