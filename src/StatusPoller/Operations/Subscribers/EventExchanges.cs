using Tchek.Events.StatusPoller.Messaging;

namespace Tchek.Events.StatusPoller.Operations.Subscribers;

/// <summary>
/// The exchanges the poller publishes events to, one per event type and event interface. Commands and
/// replies are not among them: a subscriber may not read those.
/// </summary>
internal static class EventExchanges
{
    /// <summary>Type name → exchange, e.g. <c>InspectionCompleted</c> → <c>Tchek.Events.Contracts:InspectionCompleted</c>.</summary>
    public static IReadOnlyDictionary<string, string> ByType { get; } = EventTopology.EventTypes.Append(typeof(ITokenEvent)).Append(typeof(IUpstreamHealthEvent))
        .ToDictionary(type => type.Name, type => $"{type.Namespace}:{type.Name}", StringComparer.Ordinal);
}
