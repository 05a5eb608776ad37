namespace Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

/// <summary>What <c>subscribers …</c> on the command line asks for.</summary>
internal abstract record SubscribersRequest(string Name)
{
    public const string Usage = """
        usage: subscribers add <name> [--queue <name>-<queue>]... [--event <EventType>]...
               subscribers bind <name> --queue <name>-<queue>... [--event <EventType>]...
               subscribers remove <name>
        """;

    /// <summary>
    /// A new account. With <see cref="Queues"/>, also those durable queues, each bound to each of
    /// <see cref="EventExchanges"/> (every token event when none is named).
    /// </summary>
    public sealed record Add(string Name, IReadOnlyList<string> Queues, IReadOnlyList<string> EventExchanges) : SubscribersRequest(Name);

    /// <summary>
    /// The queues and bindings of <see cref="Add"/>, for an account that exists already (a shipped
    /// one, like <c>samples</c>), and its permissions brought up to today's event exchanges:
    /// idempotent, so deployments run it as a one-shot step on every start.
    /// </summary>
    public sealed record Bind(string Name, IReadOnlyList<string> Queues, IReadOnlyList<string> EventExchanges) : SubscribersRequest(Name);

    /// <summary>The account gone, its connections closed, its queues and exchanges deleted.</summary>
    public sealed record Remove(string Name) : SubscribersRequest(Name);

    /// <summary>
    /// Reads <paramref name="args"/> (after <c>subscribers</c>); <paramref name="problem"/> says what is
    /// wrong when it returns null. <paramref name="eventExchanges"/> maps an event's type name to its exchange.
    /// </summary>
    public static SubscribersRequest? Parse(string[] args, IReadOnlyDictionary<string, string> eventExchanges, out string? problem)
    {
        problem = null;
        switch (args)
        {
            case ["remove", var name]:
                problem = PartyName.Problem(name);
                return problem is null ? new Remove(name) : null;
            case ["add", var name, .. var options]:
                problem = PartyName.Problem(name);
                return problem is null ? ParseQueues(name, options, eventExchanges, out problem) : null;
            case ["bind", var name, .. var options]:
                problem = PartyName.Problem(name);
                if (problem is not null || ParseQueues(name, options, eventExchanges, out problem) is not { } bind)
                {
                    return null;
                }

                problem = bind.Queues.Count == 0 ? "bind needs at least one --queue" : null;
                return problem is null ? new Bind(name, bind.Queues, bind.EventExchanges) : null;
            default:
                problem = "expected 'add <name> [options]', 'bind <name> --queue <queue> [options]' or 'remove <name>'";
                return null;
        }
    }

    private static Add? ParseQueues(string name, string[] options, IReadOnlyDictionary<string, string> eventExchanges, out string? problem)
    {
        var queues = new List<string>();
        var events = new List<string>();
        for (var i = 0; i < options.Length; i += 2)
        {
            if (i + 1 >= options.Length)
            {
                problem = $"'{options[i]}' needs a value";
                return null;
            }

            var value = options[i + 1];
            switch (options[i])
            {
                case "--queue":
                    queues.Add(value);
                    break;
                case "--event" when eventExchanges.TryGetValue(value, out var exchange):
                    events.Add(exchange);
                    break;
                case "--event":
                    problem = $"'{value}' is no event; one of: {string.Join(", ", eventExchanges.Keys.Order(StringComparer.Ordinal))}";
                    return null;
                default:
                    problem = $"unexpected '{options[i]}'";
                    return null;
            }
        }

        var prefix = PartyName.Prefix(name);
        if (queues.Any(queue => !queue.StartsWith(prefix, StringComparison.Ordinal) || queue.Length == prefix.Length || queue.Length > 255))
        {
            problem = $"the queue must be named '{prefix}<something>': the account may use no other";
            return null;
        }

        if (queues.Count == 0 && events.Count > 0)
        {
            problem = "--event binds the queue that --queue names: give --queue too";
            return null;
        }

        problem = null;
        return new Add(name, [.. queues.Distinct()], events.Count > 0 ? [.. events.Distinct()] : queues.Count == 0 ? [] : [eventExchanges[AllTokenEvents]]);
    }

    /// <summary>The exchange every token event reaches: a queue bound to it gets them all.</summary>
    public const string AllTokenEvents = "ITokenEvent";
}
