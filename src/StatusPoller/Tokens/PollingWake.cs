namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>Wakes the poller: a token was just tracked on this instance.</summary>
/// <remarks>Raised by <see cref="TokenTracking"/> and awaited by the claim loop, so the store never depends on a stage.</remarks>
internal sealed class PollingWake : AsyncSignal;
