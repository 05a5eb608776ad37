using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

public sealed class StopTrackingTests
{
    [Theory]
    [InlineData(TrackingStopReasons.CompletedTailElapsed)]
    [InlineData(TrackingStopReasons.Expired)]
    [InlineData(TrackingStopReasons.Untracked)]
    [InlineData(TrackingStopReasons.NotFound)]
    public void Stopping_appends_one_last_event_with_the_reason(string reason)
    {
        var state = Track.Statuses(0, 2)[^1].State;
        var at = Snapshots.Start.AddDays(1);

        var stopped = ChangeDetector.StopTracking(state, reason, at);

        var evt = Assert.IsType<TokenTrackingStopped>(Assert.Single(stopped.Events));
        Assert.Equal(reason, evt.Reason);
        Assert.Equal(state.LastSequence + 1, evt.Sequence);
        Assert.Equal(TokenEventIds.For(state.Uid, evt.Sequence), evt.EventId);
        Assert.Equal(2, evt.Status);
        Assert.Equal(at, evt.OccurredAt);
        Assert.Equal(evt.Sequence, stopped.State.LastSequence);
        Assert.Equal(state.Snapshot, stopped.State.Snapshot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("expired")]
    [InlineData("Whatever")]
    public void An_unknown_reason_is_refused(string reason)
    {
        var state = Track.Statuses(0)[0].State;

        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeDetector.StopTracking(state, reason, Snapshots.Start));
    }
}
