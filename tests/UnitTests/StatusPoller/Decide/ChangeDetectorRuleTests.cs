using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>The seven rules of docs/events.md, one region of tests each (rule 2 also has property tests).</summary>
public sealed class ChangeDetectorRuleTests
{
    private static string[] Notation(IEnumerable<DetectedChanges> polls) => [.. polls.Select(p => EventNotation.Of(p.Events))];

    // Rule 1
    [Fact]
    public void Milestones_are_emitted_once_even_when_progress_is_reached_again()
    {
        var polls = Track.Statuses(0, 3, 6, 3, 5, 3, 5, 6, 5);

        var all = polls.SelectMany(p => p.Events).Where(EventNotation.IsMilestone).ToList();

        Assert.Equal(
            [typeof(InspectionStarted), typeof(FirstPictureTaken), typeof(PicturesCompleted), typeof(DamageValidationStarted), typeof(InspectionCompleted)],
            all.Select(e => e.GetType()));
    }

    // Rule 2
    [Fact]
    public void Skipped_statuses_yield_inferred_milestones()
    {
        Assert.Equal(["T", "S 1* 2* 3"], Notation(Track.Statuses(0, 3)));
    }

    [Fact]
    public void A_token_first_seen_at_3_gets_the_same_milestones_as_one_seen_at_0_then_3()
    {
        var firstAt3 = Track.Statuses(3).SelectMany(p => p.Events).Where(EventNotation.IsMilestone);
        var from0 = Track.Statuses(0, 3).SelectMany(p => p.Events).Where(EventNotation.IsMilestone);

        Assert.Equal(from0.Select(EventNotation.Of), firstAt3.Select(EventNotation.Of));
    }

    [Fact]
    public void Inferred_milestones_take_the_time_of_the_status_that_implied_them()
    {
        var poll = Track.Statuses(0, 3)[1];

        Assert.All(poll.Events, e => Assert.Equal(Snapshots.Start.AddMinutes(1), e.OccurredAt));
    }

    // Rule 3
    [Fact]
    public void Chase_up_does_not_reset_progress_from_created()
    {
        Assert.Equal(["T", "S C", "S 1* 2"], Notation(Track.Statuses(0, 6, 2)));
    }

    [Fact]
    public void Chase_up_in_the_middle_of_shooting_yields_no_milestone_after_it()
    {
        Assert.Equal(["T 1* 2", "S C", "S"], Notation(Track.Statuses(2, 6, 2)));
    }

    [Fact]
    public void A_second_chase_up_is_a_6_with_a_later_status_time()
    {
        var polls = Track.Polls(Snapshots.At(6, minute: 0), Snapshots.At(6, minute: 10));

        Assert.Equal(["T C", "C"], Notation(polls));
        Assert.Equal(Snapshots.Start.AddMinutes(10), polls[1].Events[0].OccurredAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    public void A_6_without_a_later_status_time_is_not_another_chase_up(int minutes)
    {
        var polls = Track.Polls(Snapshots.At(6, minute: 10), Snapshots.At(6, minute: 10 + minutes));

        Assert.Empty(polls[1].Events);
    }

    [Fact]
    public void A_6_whose_status_time_disappears_is_not_another_chase_up()
    {
        var polls = Track.Polls(Snapshots.At(6), Snapshots.At(6) with { StatusUpdatedAt = null });

        Assert.Empty(polls[1].Events);
    }

    [Fact]
    public void A_6_gaining_a_status_time_is_not_another_chase_up()
    {
        var polls = Track.Polls(Snapshots.At(6) with { StatusUpdatedAt = null }, Snapshots.At(6, minute: 1));

        Assert.Empty(polls[1].Events);
    }

    // Rule 4
    [Fact]
    public void Backwards_is_not_progress_and_is_flagged()
    {
        var polls = Track.Statuses(5, 3);

        Assert.Equal("S", EventNotation.Of(polls[1].Events));
        Assert.Equal(new StatusRegression(ReachedProgress: 5, Status: 3), polls[1].Regression);
        Assert.Equal(5, polls[1].State.Progress);
        Assert.Equal(3, polls[1].State.Snapshot.Status);
    }

    [Fact]
    public void A_regression_is_flagged_once_not_at_every_poll_that_still_shows_it()
    {
        var polls = Track.Polls(Snapshots.At(5), Snapshots.At(3, 1), Snapshots.At(3, 1));

        Assert.NotNull(polls[1].Regression);
        Assert.Null(polls[2].Regression);
        Assert.Empty(polls[2].Events);
    }

    [Fact]
    public void Returning_to_the_progress_reached_after_a_regression_yields_no_milestone()
    {
        Assert.Equal(["T 1* 2* 3* 4* 5", "S", "S"], Notation(Track.Statuses(5, 3, 5)));
    }

    // Rule 5
    [Fact]
    public void Within_one_poll_events_follow_the_specified_order()
    {
        var tracked = ChangeDetector.Detect(null, Snapshots.At(0), Snapshots.Start).State;
        var next = Snapshots.At(3, minute: 1) with { PercentDamage = 12m, Expired = true };

        var detection = ChangeDetector.StopTracking(
            ChangeDetector.Detect(tracked, next, Snapshots.Start.AddMinutes(2)),
            TrackingStopReasons.Expired,
            Snapshots.Start.AddMinutes(2));

        Assert.Equal("S 1* 2* 3 D E X", EventNotation.Of(detection.Events));
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8], detection.Events.Select(e => e.Sequence));
        Assert.Equal(8, detection.State.LastSequence);
    }

    [Fact]
    public void A_chase_up_comes_after_the_status_change_and_before_damage_and_expiry()
    {
        var tracked = ChangeDetector.Detect(null, Snapshots.At(2), Snapshots.Start).State;
        var next = Snapshots.At(6, minute: 1) with { PercentDamage = 1m, Expired = true };

        Assert.Equal("S C D E", EventNotation.Of(ChangeDetector.Detect(tracked, next, Snapshots.Start).Events));
    }

    [Fact]
    public void A_first_snapshot_with_everything_keeps_the_order()
    {
        var first = Snapshots.At(5) with { PercentDamage = 12m, Expired = true };

        var detection = ChangeDetector.StopTracking(
            ChangeDetector.Detect(null, first, Snapshots.Start), TrackingStopReasons.CompletedTailElapsed, Snapshots.Start);

        Assert.Equal("T 1* 2* 3* 4* 5 D E X", EventNotation.Of(detection.Events));
    }

    // Rule 6
    [Fact]
    public void An_answer_equal_but_for_updated_at_yields_no_event_and_no_change()
    {
        var stored = ChangeDetector.Detect(null, Snapshots.At(2), Snapshots.Start).State;
        var same = Snapshots.At(2) with { UpdatedAt = Snapshots.Start.AddHours(3), TokenJson = """{"reordered":true}""" };

        var detection = ChangeDetector.Detect(stored, same, Snapshots.Start.AddHours(3));

        Assert.Empty(detection.Events);
        Assert.False(detection.FactsChanged);
        Assert.Equal(stored.LastSequence, detection.State.LastSequence);
        Assert.Equal(stored.Progress, detection.State.Progress);
    }

    [Fact]
    public void A_change_no_event_describes_is_stored_but_yields_no_event()
    {
        var stored = ChangeDetector.Detect(null, Snapshots.At(2), Snapshots.Start).State;
        var changed = Snapshots.At(2) with { Options = new TokenOptions { Report = true }, VehicleId = "other" };

        var detection = ChangeDetector.Detect(stored, changed, Snapshots.Start);

        Assert.Empty(detection.Events);
        Assert.True(detection.FactsChanged);
        Assert.Same(changed, detection.State.Snapshot);
    }

    [Fact]
    public void The_same_inputs_give_the_same_events_and_ids()
    {
        var stored = ChangeDetector.Detect(null, Snapshots.At(0), Snapshots.Start).State;

        var once = ChangeDetector.Detect(stored, Snapshots.At(4, 1), Snapshots.Start.AddMinutes(2));
        var twice = ChangeDetector.Detect(stored, Snapshots.At(4, 1), Snapshots.Start.AddMinutes(2));

        Assert.Equal(once.Events, twice.Events);
        Assert.Equal(once.State, twice.State);
    }
}
