using System.Text;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>One poll, end to end over the pure parts: answer → events, state and schedule.</summary>
public sealed class PollDecisionTests
{
    private const string Uid = VendorPayloads.Uid;
    private static readonly DateTimeOffset Now = Snapshots.Start.AddDays(1);
    private static readonly PollingOptions Options = new() { JitterRatio = 0, NotFoundThreshold = 2 };

    private static readonly TokenState Stored = Decide(null, Answer(2), Snapshots.Start).State!;

    private static PollDecision Decide(TokenState? stored, FetchResult fetch, DateTimeOffset? now = null, int failures = 0) =>
        PollDecision.Of(Uid, stored, failures, completedAt: null, fetch, now ?? Now, jitter: 0, Options);

    private static FetchResult Answer(int status, bool expired = false) =>
        Body(VendorPayloads.EditToken(t =>
        {
            t["tradeinStatus"] = status;
            t["expired"] = expired;
        }));

    private static FetchResult Body(string body) => FetchResult.Answered(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_changed_answer_yields_its_events_the_new_state_and_the_next_poll()
    {
        var decision = Decide(Stored, Answer(3));

        Assert.Equal(PollOutcome.Changed, decision.Outcome);
        Assert.Equal("S 3", EventNotation.Of(decision.Events));
        Assert.True(decision.SnapshotChanged);
        Assert.Equal(3, decision.State!.Snapshot.Status);
        Assert.Equal(Now + Options.ActiveInterval, decision.Plan.NextPollAt);
    }

    [Fact]
    public void Skipped_statuses_in_one_answer_go_through_the_detector()
    {
        var decision = Decide(Stored, Body(VendorPayloads.EditToken(t =>
        {
            t["tradeinStatus"] = 5;
            t["tradeinStatusUpdatedAt"] = "2023-06-13T08:00:00.000Z";
        })));

        Assert.Null(decision.Rejection);
        Assert.Equal("S 3* 4* 5", EventNotation.Of(decision.Events));
        Assert.Equal(5, decision.State!.Progress);
    }

    [Fact]
    public void An_unchanged_answer_yields_no_event_and_the_regular_interval()
    {
        var decision = Decide(Stored, Answer(2));

        Assert.Equal(PollOutcome.Unchanged, decision.Outcome);
        Assert.Empty(decision.Events);
        Assert.False(decision.SnapshotChanged);
        Assert.Equal(Now + Options.ActiveInterval, decision.Plan.NextPollAt);
    }

    [Fact]
    public void Only_updated_at_changed_is_no_fact_and_leaves_the_stored_snapshot_alone()
    {
        var decision = Decide(Stored, Body(VendorPayloads.EditToken(t =>
        {
            t["tradeinStatus"] = 2;
            t["updatedAt"] = "2030-01-01T00:00:00.000Z";
        })));

        Assert.Empty(decision.Events);
        Assert.False(decision.SnapshotChanged);
    }

    [Fact]
    public void An_expired_answer_closes_the_stream_in_the_same_write()
    {
        var decision = Decide(Stored, Answer(2, expired: true));

        Assert.Equal("E X", EventNotation.Of(decision.Events));
        Assert.Equal(TrackingStopReasons.Expired, decision.Plan.StopReason);
        Assert.Equal(decision.Events[^1].Sequence, decision.State!.LastSequence);
    }

    [Theory]
    [MemberData(nameof(TokenPayloadParserTests.InvalidPayloads), MemberType = typeof(TokenPayloadParserTests))]
    public void An_invalid_answer_yields_no_event_and_no_state(string name, string body, string kind)
    {
        var decision = Decide(Stored, Body(body));

        Assert.True(PollOutcome.Invalid == decision.Outcome, name);
        Assert.Equal(kind, decision.Rejection?.Kind.ToString());
        Assert.Empty(decision.Events);
        Assert.Null(decision.State);
    }

    [Fact]
    public void An_invalid_first_answer_tracks_nothing()
    {
        var decision = Decide(null, Body("not json"));

        Assert.Null(decision.State);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void An_invalid_answer_backs_off()
    {
        var decision = Decide(Stored, Body("nope"), failures: 1);

        Assert.Equal(PayloadRejectionKind.NotJson, decision.Rejection!.Kind);
        Assert.Equal(2, decision.Plan.FailureCount);
        Assert.Equal(Now + (Options.FailureBackoff * 2), decision.Plan.NextPollAt);
        Assert.StartsWith("invalid answer: NotJson", decision.Plan.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_request_waits_for_the_vendors_retry_after()
    {
        var decision = Decide(Stored, FetchResult.Failed("HTTP 429", TimeSpan.FromMinutes(2)));

        Assert.Equal(PollOutcome.Failed, decision.Outcome);
        Assert.Empty(decision.Events);
        Assert.Equal(Now.AddMinutes(2), decision.Plan.NextPollAt);
    }

    [Fact]
    public void Not_found_below_the_threshold_backs_off_without_an_event()
    {
        var decision = Decide(Stored, FetchResult.NotFound());

        Assert.Equal(PollOutcome.NotFound, decision.Outcome);
        Assert.Empty(decision.Events);
        Assert.Null(decision.State);
        Assert.False(decision.Plan.Stops);
    }

    [Fact]
    public void Not_found_at_the_threshold_closes_a_seen_tokens_stream()
    {
        var decision = Decide(Stored, FetchResult.NotFound(), failures: 1);

        Assert.Equal("X", EventNotation.Of(decision.Events));
        Assert.Equal(TrackingStopReasons.NotFound, Assert.IsType<TokenTrackingStopped>(decision.Events[0]).Reason);
        Assert.Equal(Stored.LastSequence + 1, decision.State!.LastSequence);
        Assert.False(decision.SnapshotChanged);
    }

    [Fact]
    public void Not_found_for_a_token_never_seen_stops_it_without_an_event()
    {
        var decision = Decide(null, FetchResult.NotFound(), failures: 1);

        Assert.Empty(decision.Events);
        Assert.Null(decision.State);
        Assert.Equal(TrackingStopReasons.NotFound, decision.Plan.StopReason);
    }

    [Fact]
    public void Untracking_closes_the_stream_and_keeps_the_rest_of_the_schedule()
    {
        var completedAt = Now.AddHours(-1);

        var decision = PollDecision.Untrack(Stored, failureCount: 3, completedAt, "HTTP 500", Now);

        Assert.Equal(PollOutcome.Untracked, decision.Outcome);
        Assert.Equal("X", EventNotation.Of(decision.Events));
        Assert.Equal(TrackingStopReasons.Untracked, Assert.IsType<TokenTrackingStopped>(decision.Events[0]).Reason);
        Assert.Equal(new PollPlan(null, TrackingStopReasons.Untracked, 3, completedAt, "HTTP 500"), decision.Plan);
        Assert.False(decision.SnapshotChanged);
    }

    [Fact]
    public void Untracking_a_token_never_seen_stops_it_without_an_event()
    {
        var decision = PollDecision.Untrack(null, failureCount: 0, completedAt: null, lastError: null, Now);

        Assert.Empty(decision.Events);
        Assert.Null(decision.State);
        Assert.True(decision.Plan.Stops);
    }

    [Fact]
    public void Deciding_one_token_against_another_tokens_state_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PollDecision.Of("T0F3DF9", Stored, 0, null, Body("{}"), Now, 0, Options));
    }

    [Fact]
    public void A_stored_snapshot_reads_back_into_the_same_state()
    {
        Assert.Equal(Stored, TokenState.FromStored(Uid, Stored.Snapshot.TokenJson, Stored.Progress, Stored.LastSequence));
        Assert.Null(TokenState.FromStored(Uid, null, 0, 0));
    }

    [Fact]
    public void An_unreadable_stored_snapshot_is_an_error_not_a_fresh_start()
    {
        Assert.Throws<InvalidDataException>(() => TokenState.FromStored(Uid, "{\"uid\": \"T3D6288\"}", Stored.Progress, Stored.LastSequence));
    }
}
