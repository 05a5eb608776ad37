using Tchek.Events.StatusPoller.Hosting;

namespace Tchek.Events.StatusPoller.Polling;

/// <summary>Wakes the poller: a token was just tracked on this instance.</summary>
internal sealed class PollingWake : AsyncSignal;
