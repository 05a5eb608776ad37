using System.Text;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>A poll under Adaptive, end to end over the pure parts: what the answer changed decides the interval.</summary>
public sealed class AdaptivePollDecisionTests
{
    private const string Uid = VendorPayloads.Uid;
    private static readonly DateTimeOffset Now = Snapshots.Start.AddDays(1);

    private static readonly TokenState Stored = PollDecision.Of(Uid, null, 0, null, Answer(2), Snapshots.Start, 0, AdaptiveScheduleTests.Adaptive()).State!;

    private static FetchResult Answer(int status) =>
        FetchResult.Answered(Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t => t["tradeinStatus"] = status)));

    private static PollDecision Decide(TokenState? stored, FetchResult fetch, TimeSpan? previous, int failures = 0) =>
        PollDecision.Of(Uid, stored, failures, completedAt: null, fetch, Now, jitter: 0, AdaptiveScheduleTests.Adaptive(), previous);

    [Fact]
    public void The_first_poll_plans_the_floor_of_its_stage()
    {
        var decision = Decide(null, Answer(2), previous: null);

        Assert.Equal(TimeSpan.FromSeconds(5), decision.Plan.Interval);
        Assert.Equal(Now.AddSeconds(5), decision.Plan.NextPollAt);
    }

    [Fact]
    public void An_unchanged_answer_grows_the_stored_interval()
    {
        var decision = Decide(Stored, Answer(2), TimeSpan.FromSeconds(20));

        Assert.Equal(PollOutcome.Unchanged, decision.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(40), decision.Plan.Interval);
        Assert.Equal(Now.AddSeconds(40), decision.Plan.NextPollAt);
    }

    [Theory]
    [InlineData(3, 31)] // pictures in: the AwaitingValidation floor
    [InlineData(6, 5)] // a chase-up is a change: the Shooting floor again
    [InlineData(5, 60)] // completed (validation skipped): the Completed floor
    public void A_change_resets_to_the_floor_of_the_new_stage(int status, int floorSeconds)
    {
        var decision = Decide(Stored, Answer(status), TimeSpan.FromSeconds(100));

        Assert.Equal(PollOutcome.Changed, decision.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(floorSeconds), decision.Plan.Interval);
    }

    [Fact]
    public void A_failed_poll_backs_off_as_under_fixed_and_plans_no_interval()
    {
        var failed = FetchResult.Failed("HTTP 502");

        var adaptive = Decide(Stored, failed, TimeSpan.FromSeconds(100), failures: 2);
        var fixedPolicy = PollDecision.Of(Uid, Stored, 2, null, failed, Now, 0, new PollingOptions(), TimeSpan.FromSeconds(100));

        Assert.Null(adaptive.Plan.Interval);
        Assert.Equal(fixedPolicy.Plan, adaptive.Plan);
    }
}
