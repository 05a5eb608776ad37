using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.UpstreamHealth.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.UpstreamHealth;

public sealed class UpstreamHealthRuleTests
{
    internal sealed record Policy(TimeSpan Window, double FailedRatioThreshold, int MinimumPolls, TimeSpan RetryAfterHoldThreshold, TimeSpan CalmPeriod)
        : IUpstreamHealthPolicy;

    internal static readonly Policy Default = new(TimeSpan.FromMinutes(5), 0.5, 20, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid NewId = new("11111111-2222-3333-4444-555555555555");

    private static UpstreamObservation Seen(int polls, int failed, bool lastFailed = false, int? holdSeconds = null, int holdLeftSeconds = 10) =>
        new(polls, failed, lastFailed, holdSeconds is { } s ? new RetryAfterHold(TimeSpan.FromSeconds(s), Now.AddSeconds(holdLeftSeconds)) : null);

    [Theory]
    // polls, failed, last failed, hold (s), hold left (s) → cause
    [InlineData(0, 0, false, null, 0, null)]
    [InlineData(1, 1, true, null, 0, null)] // 1 failure of 1 poll: not enough to judge
    [InlineData(19, 19, true, null, 0, null)] // one short of the minimum
    [InlineData(20, 20, true, null, 0, "FailedPolls")]
    [InlineData(20, 10, true, null, 0, null)] // exactly the threshold is not above it
    [InlineData(20, 11, true, null, 0, "FailedPolls")]
    [InlineData(1000, 501, false, null, 0, "FailedPolls")]
    [InlineData(1000, 500, true, null, 0, null)]
    [InlineData(0, 0, false, 61, 30, "RetryAfterHold")]
    [InlineData(0, 0, false, 60, 30, null)] // exactly the threshold is not longer
    [InlineData(0, 0, false, 3600, 0, null)] // a hold that has run out is not in force
    [InlineData(0, 0, false, 3600, -5, null)]
    [InlineData(100, 100, true, 120, 60, "RetryAfterHold")] // both: the hold is the cause
    [InlineData(100, 100, true, 5, 3, "FailedPolls")] // a short hold is no cause
    public void The_cause_is_a_long_hold_in_force_or_a_failed_ratio_above_the_threshold_over_enough_polls(
        int polls, int failed, bool lastFailed, int? holdSeconds, int holdLeft, string? cause)
    {
        Assert.Equal(cause, UpstreamHealthRule.Cause(Seen(polls, failed, lastFailed, holdSeconds, holdLeft), Now, Default));
    }

    [Theory]
    [InlineData(0, 0, false, null, true)] // nothing polled, the last poll succeeded
    [InlineData(0, 0, true, null, false)] // nothing polled, the last poll failed: every token backed off
    [InlineData(3, 3, true, null, false)] // few polls, all failed: too few to open, enough to stay open
    [InlineData(3, 1, true, null, true)]
    [InlineData(20, 10, false, null, true)]
    [InlineData(20, 11, false, null, false)]
    [InlineData(20, 0, false, 61, false)] // a long hold in force
    [InlineData(20, 0, false, 60, true)]
    public void Calm_is_no_long_hold_and_a_ratio_at_or_below_the_threshold_or_no_poll_since_a_successful_one(
        int polls, int failed, bool lastFailed, int? holdSeconds, bool calm)
    {
        Assert.Equal(calm, UpstreamHealthRule.IsCalm(Seen(polls, failed, lastFailed, holdSeconds), Now, Default));
    }

    [Fact]
    public void A_healthy_vendor_stays_healthy_with_nothing_to_write()
    {
        var decision = UpstreamHealthRule.Check(null, Seen(100, 10), Now, NewId, Default);

        Assert.Equal(new HealthDecision(HealthTransition.None, null), decision);
    }

    [Theory]
    [InlineData(20, 20, null, "FailedPolls")]
    [InlineData(0, 0, 600, "RetryAfterHold")]
    public void A_cause_opens_an_episode_with_the_given_id_now(int polls, int failed, int? hold, string cause)
    {
        var decision = UpstreamHealthRule.Check(null, Seen(polls, failed, polls > 0, hold), Now, NewId, Default);

        Assert.Equal(new HealthDecision(HealthTransition.Opened, new UpstreamEpisode(NewId, cause, Now, Now)), decision);
    }

    [Theory]
    [InlineData(20, 20, false)]
    [InlineData(2, 2, true)] // too few to open one, but not calm: it stays open
    [InlineData(0, 0, true)]
    public void An_open_episode_that_is_not_calm_stays_open_and_unsettled_now(int polls, int failed, bool lastFailed)
    {
        var open = new UpstreamEpisode(NewId, UpstreamDegradationCauses.FailedPolls, Now.AddMinutes(-30), Now.AddMinutes(-10));

        var decision = UpstreamHealthRule.Check(open, Seen(polls, failed, lastFailed), Now, Guid.NewGuid(), Default);

        Assert.Equal(new HealthDecision(HealthTransition.Unsettled, open with { LastUnsettledAt = Now }), decision);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(299, false)]
    [InlineData(300, true)]
    [InlineData(3600, true)]
    public void An_open_episode_closes_once_calm_for_the_whole_calm_period(int calmSeconds, bool closes)
    {
        var transition = closes ? HealthTransition.Closed : HealthTransition.None;
        var open = new UpstreamEpisode(NewId, UpstreamDegradationCauses.FailedPolls, Now.AddHours(-2), Now.AddSeconds(-calmSeconds));

        var decision = UpstreamHealthRule.Check(open, Seen(50, 0), Now, Guid.NewGuid(), Default);

        Assert.Equal(new HealthDecision(transition, open), decision);
    }

    [Fact]
    public void A_clock_behind_the_episode_never_moves_its_last_unsettled_time_back()
    {
        var open = new UpstreamEpisode(NewId, UpstreamDegradationCauses.FailedPolls, Now, Now.AddSeconds(5));

        var decision = UpstreamHealthRule.Check(open, Seen(20, 20), Now, Guid.NewGuid(), Default);

        Assert.Equal(Now.AddSeconds(5), decision.Episode!.LastUnsettledAt);
    }

    [Theory]
    [InlineData("Failed", true)]
    [InlineData("Invalid", true)]
    [InlineData("Unchanged", false)]
    [InlineData("Changed", false)]
    [InlineData("NotFound", false)]
    public void Failed_requests_and_invalid_answers_count_as_failures_not_found_does_not(string outcome, bool failure)
    {
        Assert.Equal(failure, UpstreamHealthRule.IsFailure(Enum.Parse<PollOutcome>(outcome)));
    }

    [Fact]
    public void The_figures_carry_what_was_seen_and_the_thresholds()
    {
        var figures = UpstreamHealthRule.Figures(Seen(40, 30, holdSeconds: 90, holdLeftSeconds: 45), Now, Default);

        Assert.Equal(new UpstreamFigures
        {
            Window = TimeSpan.FromMinutes(5),
            Polls = 40,
            FailedPolls = 30,
            FailedRatio = 0.75,
            FailedRatioThreshold = 0.5,
            MinimumPolls = 20,
            RetryAfterHold = TimeSpan.FromSeconds(90),
            RetryAfterHoldUntil = Now.AddSeconds(45),
            RetryAfterHoldThreshold = TimeSpan.FromMinutes(1),
        }, figures);
        Assert.Null(UpstreamHealthRule.Figures(Seen(0, 0, holdSeconds: 90, holdLeftSeconds: 0), Now, Default).RetryAfterHold);
        Assert.Equal(0, UpstreamHealthRule.Figures(Seen(0, 0), Now, Default).FailedRatio);
    }

    [Fact]
    public void The_events_of_an_episode_carry_its_id_cause_times_and_deterministic_ids()
    {
        var episode = new UpstreamEpisode(NewId, UpstreamDegradationCauses.RetryAfterHold, Now, Now.AddMinutes(3));
        var figures = UpstreamHealthRule.Figures(Seen(5, 0), Now, Default);

        var degraded = UpstreamHealthRule.Degraded(episode, figures, "poller-1");
        var restored = UpstreamHealthRule.Restored(episode, Now.AddMinutes(9), figures, "poller-2");

        Assert.Equal((UpstreamHealthEventIds.Degraded(NewId), NewId, "RetryAfterHold", Now, "poller-1"),
            (degraded.EventId, degraded.EpisodeId, degraded.Cause, degraded.DetectedAt, degraded.InstanceId));
        Assert.Equal((UpstreamHealthEventIds.Restored(NewId), NewId, "RetryAfterHold", Now, Now.AddMinutes(9), TimeSpan.FromMinutes(9), "poller-2"),
            (restored.EventId, restored.EpisodeId, restored.Cause, restored.DegradedAt, restored.RestoredAt, restored.Duration, restored.InstanceId));
        Assert.NotEqual(degraded.EventId, restored.EventId);
        Assert.Equal(UpstreamHealthEventIds.Degraded(NewId), UpstreamHealthRule.Degraded(episode, figures, "another").EventId);
    }
}
