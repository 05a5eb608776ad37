using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>
/// Every status pair: a token tracked at <c>from</c> (its first snapshot), next seen at <c>to</c>.
/// A tracked 6 has reached no progress. Notation: <see cref="EventNotation"/>.
/// </summary>
public sealed class StatusPairTests
{
    [Theory]
    [InlineData(0, 0, "", false)]
    [InlineData(0, 1, "S 1", false)]
    [InlineData(0, 2, "S 1* 2", false)]
    [InlineData(0, 3, "S 1* 2* 3", false)]
    [InlineData(0, 4, "S 1* 2* 3* 4", false)]
    [InlineData(0, 5, "S 1* 2* 3* 4* 5", false)]
    [InlineData(0, 6, "S C", false)]
    [InlineData(1, 0, "S", true)]
    [InlineData(1, 1, "", false)]
    [InlineData(1, 2, "S 2", false)]
    [InlineData(1, 3, "S 2* 3", false)]
    [InlineData(1, 4, "S 2* 3* 4", false)]
    [InlineData(1, 5, "S 2* 3* 4* 5", false)]
    [InlineData(1, 6, "S C", false)]
    [InlineData(2, 0, "S", true)]
    [InlineData(2, 1, "S", true)]
    [InlineData(2, 2, "", false)]
    [InlineData(2, 3, "S 3", false)]
    [InlineData(2, 4, "S 3* 4", false)]
    [InlineData(2, 5, "S 3* 4* 5", false)]
    [InlineData(2, 6, "S C", false)]
    [InlineData(3, 0, "S", true)]
    [InlineData(3, 1, "S", true)]
    [InlineData(3, 2, "S", true)]
    [InlineData(3, 3, "", false)]
    [InlineData(3, 4, "S 4", false)]
    [InlineData(3, 5, "S 4* 5", false)]
    [InlineData(3, 6, "S C", false)]
    [InlineData(4, 0, "S", true)]
    [InlineData(4, 1, "S", true)]
    [InlineData(4, 2, "S", true)]
    [InlineData(4, 3, "S", true)]
    [InlineData(4, 4, "", false)]
    [InlineData(4, 5, "S 5", false)]
    [InlineData(4, 6, "S C", false)]
    [InlineData(5, 0, "S", true)]
    [InlineData(5, 1, "S", true)]
    [InlineData(5, 2, "S", true)]
    [InlineData(5, 3, "S", true)]
    [InlineData(5, 4, "S", true)]
    [InlineData(5, 5, "", false)]
    [InlineData(5, 6, "S C", false)]
    [InlineData(6, 0, "S", false)]
    [InlineData(6, 1, "S 1", false)]
    [InlineData(6, 2, "S 1* 2", false)]
    [InlineData(6, 3, "S 1* 2* 3", false)]
    [InlineData(6, 4, "S 1* 2* 3* 4", false)]
    [InlineData(6, 5, "S 1* 2* 3* 4* 5", false)]
    [InlineData(6, 6, "", false)]
    public void Each_status_pair_yields_the_specified_events(int from, int to, string expected, bool regression)
    {
        var tracked = ChangeDetector.Detect(null, Snapshots.At(from), Snapshots.Start).State;
        // The vendor stamps a new status with a new time; an unchanged status keeps its time.
        var next = Snapshots.At(to, minute: from == to ? 0 : 5);
        var observedAt = Snapshots.Start.AddMinutes(6);

        var detection = ChangeDetector.Detect(tracked, next, observedAt);

        Assert.Equal(expected, EventNotation.Of(detection.Events));
        Assert.Equal(regression, detection.Regression is not null);
        Assert.Equal(
            Enumerable.Range(1, detection.Events.Count).Select(i => tracked.LastSequence + i),
            detection.Events.Select(e => e.Sequence));
        Assert.Equal(tracked.LastSequence + detection.Events.Count, detection.State.LastSequence);
        Assert.All(detection.Events, e => Assert.Equal(to, e.Status));
        Assert.Equal(Math.Max(tracked.Progress, to <= 5 ? to : 0), detection.State.Progress);
    }
}
