using System.Reflection;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.UnitTests.StatusPoller;

/// <summary>One outbox: only the relay's publish path puts messages on the broker; the command consumers only reply.</summary>
public sealed partial class ArchitectureTests
{
    // Holding one of these is holding a way to publish or send.
    private static readonly HashSet<string> BusHandles = new(StringComparer.Ordinal)
    {
        "MassTransit.IBus", "MassTransit.IBusControl", "MassTransit.IPublishEndpoint", "MassTransit.IPublishEndpointProvider",
        "MassTransit.ISendEndpoint", "MassTransit.ISendEndpointProvider",
    };

    private static readonly HashSet<string> PublishOrSend = new(StringComparer.Ordinal)
    {
        "Publish", "PublishBatch", "Send", "SendBatch", "Forward", "SchedulePublish", "ScheduleSend",
    };

    [Fact]
    public void Only_the_relay_publishes_to_the_broker()
    {
        var offending = PollerTypes.Where(type => Feature(type) != "Relay")
            .SelectMany(type => Publishing(type).Select(what => $"{type.FullName} → {what}"))
            .Distinct()
            .ToList();

        Assert.True(offending.Count == 0, "Only Relay/ publishes (through EventPublisher); these publish or send elsewhere:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void The_publishing_check_sees_the_relays_publish_and_lets_the_consumers_reply()
    {
        Assert.Contains(PollerTypes.Where(type => type.FullName!.StartsWith(typeof(EventPublisher).FullName!, StringComparison.Ordinal)), type => Publishing(type).Any());
        Assert.Contains(FeatureTypes("Messaging"), type => TypeReferences.MembersUsedBy(type).Any(member => member.Name == "RespondAsync"));
    }

    /// <summary>What in <paramref name="type"/> can put a message on the broker: a bus or endpoint it holds, and each publish or send it calls.</summary>
    private static IEnumerable<string> Publishing(Type type) =>
        TypeReferences.Of(type).Where(referenced => BusHandles.Contains(referenced.FullName ?? "")).Select(referenced => referenced.FullName!)
            .Concat(TypeReferences.MembersUsedBy(type).OfType<MethodInfo>().Where(IsPublishOrSend).Select(method => $"{method.DeclaringType!.FullName}.{method.Name}"));

    // A publish or send returns a Task; the bus topology's Publish<T>(configure) returns nothing.
    private static bool IsPublishOrSend(MethodInfo method) =>
        method.DeclaringType?.Namespace?.StartsWith("MassTransit", StringComparison.Ordinal) == true
        && PublishOrSend.Contains(method.Name)
        && typeof(Task).IsAssignableFrom(method.ReturnType);
}
