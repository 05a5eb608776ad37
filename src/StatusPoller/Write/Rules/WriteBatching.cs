namespace Tchek.Events.StatusPoller.Write.Rules;

/// <summary>
/// Whether a write batch waits for more before it commits. Every commit is a transaction (a round trip, a WAL flush):
/// a busy instance whose writers took each outcome as it came committed a few polls at a time. Unchanged polls wait,
/// since no subscriber sees their commit; a batch that holds an event commits at once. (A change that comes while every
/// writer waits is taken when the wait ends: it is held at most the delay.)
/// </summary>
internal static class WriteBatching
{
    /// <param name="count">Outcomes in the batch.</param>
    /// <param name="batchSize">Most outcomes per batch.</param>
    /// <param name="events">Events the batch appends.</param>
    /// <param name="delay">The longest wait (<c>Polling:WriteDelay</c>).</param>
    public static bool Waits(int count, int batchSize, int events, TimeSpan delay) =>
        delay > TimeSpan.Zero && count > 0 && count < batchSize && events == 0;
}
