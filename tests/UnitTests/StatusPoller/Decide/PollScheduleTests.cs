using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

public sealed class PollScheduleTests
{
    private static readonly DateTimeOffset Now = Snapshots.Start.AddDays(1);

    private static readonly PollingOptions Options = new()
    {
        UnopenedInterval = TimeSpan.FromMinutes(5),
        ActiveInterval = TimeSpan.FromSeconds(30),
        CompletedInterval = TimeSpan.FromMinutes(10),
        CompletedTail = TimeSpan.FromHours(24),
        ExpiredValidationGrace = TimeSpan.FromDays(7),
        FailureBackoff = TimeSpan.FromSeconds(15),
        MaxFailureBackoff = TimeSpan.FromMinutes(30),
        JitterRatio = 0.1,
        NotFoundThreshold = 3,
    };

    private static TokenState StateAt(int status, int progress, bool expired = false, DateTimeOffset? expiresAt = null) =>
        new(Snapshots.Uid, 3, progress, Snapshots.At(status) with { Expired = expired, ExpiresAt = expiresAt ?? Now.AddDays(20) });

    [Theory]
    [InlineData(0, 0, 300)]
    [InlineData(6, 0, 30)]
    [InlineData(1, 1, 30)]
    [InlineData(2, 2, 30)]
    [InlineData(6, 2, 30)]
    [InlineData(3, 3, 30)]
    [InlineData(4, 4, 30)]
    [InlineData(3, 5, 600)]
    [InlineData(5, 5, 600)]
    public void The_interval_follows_the_inspection_stage(int status, int progress, int seconds)
    {
        var plan = PollSchedule.AfterSuccess(StateAt(status, progress), completedAt: null, Now, jitter: 0, Options);

        Assert.Equal(Now.AddSeconds(seconds), plan.NextPollAt);
        Assert.False(plan.Stops);
        Assert.Equal(0, plan.FailureCount);
        Assert.Null(plan.LastError);
    }

    [Theory]
    [InlineData(-1, 27)]
    [InlineData(1, 33)]
    [InlineData(-7, 27)]
    [InlineData(0.5, 31.5)]
    public void Jitter_spreads_the_interval_by_the_configured_ratio_at_most(double jitter, double seconds)
    {
        var plan = PollSchedule.AfterSuccess(StateAt(2, 2), null, Now, jitter, Options);

        Assert.Equal(Now.AddSeconds(seconds), plan.NextPollAt);
    }

    [Fact]
    public void Completion_starts_the_tail_which_stops_tracking_once_elapsed()
    {
        var first = PollSchedule.AfterSuccess(StateAt(5, 5), completedAt: null, Now, 0, Options);
        var during = PollSchedule.AfterSuccess(StateAt(5, 5), first.CompletedAt, Now.AddHours(23), 0, Options);
        var after = PollSchedule.AfterSuccess(StateAt(5, 5), first.CompletedAt, Now.AddHours(24), 0, Options);

        Assert.Equal(Now, first.CompletedAt);
        Assert.False(during.Stops);
        Assert.Equal(TrackingStopReasons.CompletedTailElapsed, after.StopReason);
        Assert.Null(after.NextPollAt);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(6, 2)]
    [InlineData(5, 5)]
    public void An_expired_token_stops_being_tracked(int status, int progress)
    {
        var plan = PollSchedule.AfterSuccess(StateAt(status, progress, expired: true, expiresAt: Now.AddHours(-1)), null, Now, 0, Options);

        Assert.Equal(TrackingStopReasons.Expired, plan.StopReason);
        Assert.Null(plan.NextPollAt);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    public void An_expired_token_awaiting_validation_is_polled_until_the_grace_ends(int status, int progress)
    {
        var expiredAt = Now.AddHours(-1);

        var within = PollSchedule.AfterSuccess(StateAt(status, progress, true, expiredAt), null, Now, 0, Options);
        var past = PollSchedule.AfterSuccess(StateAt(status, progress, true, expiredAt), null, expiredAt.AddDays(7), 0, Options);

        Assert.Equal(Now.AddSeconds(30), within.NextPollAt);
        Assert.Equal(TrackingStopReasons.Expired, past.StopReason);
    }

    [Fact]
    public void An_expired_token_awaiting_validation_without_an_expiry_time_stops()
    {
        var state = new TokenState(Snapshots.Uid, 3, 3, Snapshots.At(3) with { Expired = true, ExpiresAt = null });

        Assert.Equal(TrackingStopReasons.Expired, PollSchedule.AfterSuccess(state, null, Now, 0, Options).StopReason);
    }

    [Fact]
    public void The_next_poll_is_pulled_in_to_just_after_an_expiry_that_comes_sooner()
    {
        var plan = PollSchedule.AfterSuccess(StateAt(0, 0, expiresAt: Now.AddMinutes(2)), null, Now, 0, Options);

        Assert.Equal(Now.AddMinutes(2).AddSeconds(1), plan.NextPollAt);
    }

    // Found by AdaptivePolicyPropertyTests (seed 2kIKWj-zg5s3): an expiry in the plan's last second moved the poll
    // up to a second past the plan, so past the ceiling plus jitter.
    [Theory]
    [InlineData(299.5, 300)]
    [InlineData(299.0, 300)]
    [InlineData(298.9, 299.9)]
    public void An_expiry_in_the_last_second_before_the_plan_never_moves_the_poll_later(double expiresInSeconds, double expectedSeconds)
    {
        var plan = PollSchedule.AfterSuccess(StateAt(0, 0, expiresAt: Now.AddSeconds(expiresInSeconds)), null, Now, 0, Options);

        Assert.Equal(Now.AddSeconds(expectedSeconds), plan.NextPollAt);
    }

    [Theory]
    [InlineData(0, 15)]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(6, 960)]
    [InlineData(7, 1800)]
    [InlineData(40, 1800)]
    public void Failures_back_off_exponentially_up_to_the_maximum(int failuresBefore, int seconds)
    {
        var plan = PollSchedule.AfterFailure(failuresBefore, null, "HTTP 502", retryAfter: null, Now, 0, Options);

        Assert.Equal(Now.AddSeconds(seconds), plan.NextPollAt);
        Assert.Equal(failuresBefore + 1, plan.FailureCount);
        Assert.Equal("HTTP 502", plan.LastError);
        Assert.False(plan.Stops);
    }

    [Theory]
    [InlineData(120, 0, 120)]
    [InlineData(5, 0, 15)]
    [InlineData(120, 1, 120)]
    [InlineData(10, 1, 16.5)]
    public void Retry_after_is_a_floor_for_the_next_poll(int retryAfterSeconds, double jitter, double expectedSeconds)
    {
        var plan = PollSchedule.AfterFailure(0, null, "HTTP 429", TimeSpan.FromSeconds(retryAfterSeconds), Now, jitter, Options);

        Assert.True(plan.NextPollAt >= Now.AddSeconds(retryAfterSeconds));
        Assert.Equal(Now.AddSeconds(expectedSeconds), plan.NextPollAt);
    }

    [Fact]
    public void A_failure_keeps_the_completion_time()
    {
        Assert.Equal(Now, PollSchedule.AfterFailure(0, Now, "timeout", null, Now.AddHours(1), 0, Options).CompletedAt);
    }

    [Fact]
    public void Not_found_backs_off_then_stops_tracking_at_the_threshold()
    {
        var first = PollSchedule.AfterNotFound(0, null, Now, 0, Options);
        var second = PollSchedule.AfterNotFound(first.FailureCount, null, Now, 0, Options);
        var third = PollSchedule.AfterNotFound(second.FailureCount, null, Now, 0, Options);

        Assert.Equal(Now.AddSeconds(15), first.NextPollAt);
        Assert.Equal(Now.AddSeconds(30), second.NextPollAt);
        Assert.Equal(TrackingStopReasons.NotFound, third.StopReason);
        Assert.Null(third.NextPollAt);
    }

    [Fact]
    public void Options_with_a_non_positive_interval_are_invalid()
    {
        var options = new PollingOptions { ActiveInterval = TimeSpan.Zero, MaxFailureBackoff = TimeSpan.FromSeconds(1) };

        var errors = OptionsAtStart.Failures(options, new PollingOptionsValidator());

        Assert.Contains(errors, e => e.Contains("ActiveInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxFailureBackoff", StringComparison.Ordinal));
    }
}
