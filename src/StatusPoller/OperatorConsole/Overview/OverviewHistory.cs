namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// The last hour of samples, in memory: a ring of <see cref="OverviewFigures.Capacity"/> samples
/// (361 at the default 10 s: about 100 KB), and the latest token counts by status. Thread-safe.
/// </summary>
internal sealed class OverviewHistory(int capacity)
{
    private readonly Lock _lock = new();
    private readonly SampleRing<OverviewSample> _samples = new(capacity);
    private TokenCounts? _counts;

    public void Add(OverviewSample sample, TokenCounts? counts)
    {
        lock (_lock)
        {
            _samples.Add(sample);
            _counts = counts ?? _counts;
        }
    }

    public (OverviewSample[] Samples, TokenCounts? Counts) Read()
    {
        lock (_lock)
        {
            return (_samples.ToArray(), _counts);
        }
    }
}
