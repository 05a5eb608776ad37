using Tchek.Events.StatusPoller.Polling;

namespace Tchek.Events.StatusPoller.Outbox;

/// <summary>Wakes the relay: events were just committed (on this instance, or NOTIFY from another).</summary>
internal sealed class OutboxSignal : AsyncSignal;
