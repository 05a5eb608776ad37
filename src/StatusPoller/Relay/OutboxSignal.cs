namespace Tchek.Events.StatusPoller.Relay;

/// <summary>Wakes the relay: events were just committed (on this instance, or NOTIFY from another), or a chain finished.</summary>
internal sealed class OutboxSignal : AsyncSignal;
