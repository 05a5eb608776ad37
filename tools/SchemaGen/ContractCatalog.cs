using MassTransit;
using Tchek.Events.Contracts;

namespace Tchek.Events.SchemaGen;

/// <summary>A command the poller consumes, and the endpoint (queue and exchange) it listens on.</summary>
internal sealed record Command(Type Type, string Endpoint);

/// <summary>
/// The messages of the contract, found by rule so that a new contract type needs no change here:
/// <list type="bullet">
/// <item>a <em>message</em> is a public, sealed, non-static class (in practice a record) of the
/// contracts assembly that no other contract type holds as a property (so <see cref="TokenOptions"/>
/// is part of its events' schemas, not a message);</item>
/// <item>an <em>event</em> is a message that implements <see cref="ITokenEvent"/>;</item>
/// <item>a <em>health event</em> is a message that implements <see cref="IUpstreamHealthEvent"/>: it says
/// how the vendor answers, not what a token did, and has an exchange of its own;</item>
/// <item>a <em>command</em> is a message the poller consumes (an <c>IConsumer&lt;T&gt;</c> in its assembly),
/// on the endpoint MassTransit's kebab-case formatter names after the consumer, as the poller's bus does;</item>
/// <item>a <em>reply</em> is any other message: what the poller answers a command sent as a request.</item>
/// </list>
/// </summary>
internal sealed class ContractCatalog
{
    private ContractCatalog(IReadOnlyList<Type> events, IReadOnlyList<Type> healthEvents, IReadOnlyList<Command> commands, IReadOnlyList<Type> replies)
    {
        Events = events;
        HealthEvents = healthEvents;
        Commands = commands;
        Replies = replies;
    }

    public IReadOnlyList<Type> Events { get; }

    public IReadOnlyList<Type> HealthEvents { get; }

    public IReadOnlyList<Command> Commands { get; }

    public IReadOnlyList<Type> Replies { get; }

    /// <summary>Every message, token events first, then health events, each group by name: the order of the generated files' listings.</summary>
    public IEnumerable<Type> Messages => Events.Concat(HealthEvents).Concat(Commands.Select(c => c.Type)).Concat(Replies);

    public static ContractCatalog Load()
    {
        var contracts = typeof(ITokenEvent).Assembly;
        var candidates = contracts.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsSealed: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .ToList();
        var heldAsProperty = candidates
            .SelectMany(t => t.GetProperties())
            .Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)
            .ToHashSet();
        var messages = candidates.Where(t => !heldAsProperty.Contains(t)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

        var consumed = typeof(global::Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>) && i.GetGenericArguments()[0].Assembly == contracts)
                .Select(i => new Command(i.GetGenericArguments()[0], EndpointOf(t))))
            .ToList();
        if (consumed.GroupBy(c => c.Type).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"{twice.Key.Name} has more than one consumer in the poller; say which endpoint the documents name.");
        }

        var events = messages.Where(t => typeof(ITokenEvent).IsAssignableFrom(t)).ToList();
        var healthEvents = messages.Where(t => typeof(IUpstreamHealthEvent).IsAssignableFrom(t)).ToList();
        var commands = consumed.Where(c => messages.Contains(c.Type)).OrderBy(c => c.Type.Name, StringComparer.Ordinal).ToList();
        var replies = messages.Except(events).Except(healthEvents).Except(commands.Select(c => c.Type)).ToList();
        return new ContractCatalog(events, healthEvents, commands, replies);
    }

    // The poller calls SetKebabCaseEndpointNameFormatter and ConfigureEndpoints: this is the name it gets.
    private static string EndpointOf(Type consumer) =>
        (string)typeof(KebabCaseEndpointNameFormatter).GetMethod(nameof(KebabCaseEndpointNameFormatter.Consumer))!
            .MakeGenericMethod(consumer)
            .Invoke(KebabCaseEndpointNameFormatter.Instance, null)!;
}
