namespace Tchek.Events.StatusPoller.Polling;

/// <summary>How many tokens are tracked and stopped, each by last status (-1: no snapshot yet).</summary>
internal sealed record TokenCounts(IReadOnlyDictionary<int, long> Tracking, IReadOnlyDictionary<int, long> Stopped)
{
    public long TrackingTotal => Tracking.Values.Sum();

    public long StoppedTotal => Stopped.Values.Sum();
}
