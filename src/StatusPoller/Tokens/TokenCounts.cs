namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>
/// How many tokens are tracked and stopped, each by last status (-1: no snapshot yet). The stopped
/// ones are the latest stopped only; <paramref name="MoreStopped"/> says that more were stopped before them.
/// </summary>
internal sealed record TokenCounts(IReadOnlyDictionary<int, long> Tracking, IReadOnlyDictionary<int, long> Stopped, bool MoreStopped = false)
{
    public long TrackingTotal => Tracking.Values.Sum();

    public long StoppedTotal => Stopped.Values.Sum();
}
