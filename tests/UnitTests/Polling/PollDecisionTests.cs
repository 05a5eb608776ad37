using System.Text;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Detection;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Polling;
using Tchek.Events.StatusPoller.Upstream;
using Tchek.Events.UnitTests.Support;

namespace Tchek.Events.UnitTests.Polling;

/// <summary>One poll, end to end over the pure parts: answer → events, state and schedule.</summary>
public sealed class PollDecisionTests
{
    private static readonly DateTimeOffset Now = Snapshots.Start.AddDays(1);
    private static readonly PollingOptions Options = new() { JitterRatio = 0, NotFoundThreshold = 2 };

    private static readonly TokenState Stored = Observation.Of(null, VendorPayloads.Uid, Answer(2).Body, Snapshots.Start).State!;

    private static ClaimedToken Claim(TokenState? state, int failures = 0) =>
        new(VendorPayloads.Uid, LeaseVersion: 7, state?.Snapshot.TokenJson, state?.Progress ?? 0, state?.LastSequence ?? 0, failures, CompletedAt: null);

    private static FetchResult Answer(int status, bool expired = false) =>
        FetchResult.Answered(Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t =>
        {
            t["tradeinStatus"] = status;
            t["expired"] = expired;
        })));

    [Fact]
    public void A_changed_answer_yields_its_events_the_new_state_and_the_next_poll()
    {
        var decision = PollDecision.Of(Claim(Stored), Stored, Answer(3), Now, 0, Options);

        Assert.Equal("changed", decision.Outcome);
        Assert.Equal("S 3", EventNotation.Of(decision.Write.Events));
        Assert.True(decision.Write.SnapshotChanged);
        Assert.Equal(3, decision.Write.State!.Snapshot.Status);
        Assert.Equal(Now + Options.ActiveInterval, decision.Write.Plan.NextPollAt);
        Assert.Equal(7, decision.Write.Claim.LeaseVersion);
    }

    [Fact]
    public void An_unchanged_answer_yields_no_event_and_the_regular_interval()
    {
        var decision = PollDecision.Of(Claim(Stored), Stored, Answer(2), Now, 0, Options);

        Assert.Equal("unchanged", decision.Outcome);
        Assert.Empty(decision.Write.Events);
        Assert.False(decision.Write.SnapshotChanged);
        Assert.Equal(Now + Options.ActiveInterval, decision.Write.Plan.NextPollAt);
    }

    [Fact]
    public void An_expired_answer_closes_the_stream_in_the_same_write()
    {
        var decision = PollDecision.Of(Claim(Stored), Stored, Answer(2, expired: true), Now, 0, Options);

        Assert.Equal("E X", EventNotation.Of(decision.Write.Events));
        Assert.Equal(TrackingStopReasons.Expired, decision.Write.Plan.StopReason);
        Assert.Equal(decision.Write.Events[^1].Sequence, decision.Write.State!.LastSequence);
    }

    [Fact]
    public void An_invalid_answer_changes_no_state_and_backs_off()
    {
        var decision = PollDecision.Of(Claim(Stored, failures: 1), Stored, FetchResult.Answered("nope"u8.ToArray()), Now, 0, Options);

        Assert.Equal("invalid", decision.Outcome);
        Assert.Equal(PayloadRejectionKind.NotJson, decision.Rejection!.Kind);
        Assert.Null(decision.Write.State);
        Assert.Empty(decision.Write.Events);
        Assert.Equal(2, decision.Write.Plan.FailureCount);
        Assert.Equal(Now + (Options.FailureBackoff * 2), decision.Write.Plan.NextPollAt);
        Assert.StartsWith("invalid answer: NotJson", decision.Write.Plan.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_request_waits_for_the_vendors_retry_after()
    {
        var decision = PollDecision.Of(Claim(Stored), Stored, FetchResult.Failed("HTTP 429", TimeSpan.FromMinutes(2)), Now, 0, Options);

        Assert.Equal("failed", decision.Outcome);
        Assert.Empty(decision.Write.Events);
        Assert.Equal(Now.AddMinutes(2), decision.Write.Plan.NextPollAt);
    }

    [Fact]
    public void Not_found_at_the_threshold_closes_a_seen_tokens_stream()
    {
        var decision = PollDecision.Of(Claim(Stored, failures: 1), Stored, FetchResult.NotFound(), Now, 0, Options);

        Assert.Equal("X", EventNotation.Of(decision.Write.Events));
        Assert.Equal(TrackingStopReasons.NotFound, Assert.IsType<TokenTrackingStopped>(decision.Write.Events[0]).Reason);
        Assert.Equal(Stored.LastSequence + 1, decision.Write.State!.LastSequence);
    }

    [Fact]
    public void Not_found_for_a_token_never_seen_stops_it_without_an_event()
    {
        var decision = PollDecision.Of(Claim(null, failures: 1), null, FetchResult.NotFound(), Now, 0, Options);

        Assert.Empty(decision.Write.Events);
        Assert.Null(decision.Write.State);
        Assert.Equal(TrackingStopReasons.NotFound, decision.Write.Plan.StopReason);
    }

    [Fact]
    public void A_stored_snapshot_reads_back_into_the_same_state()
    {
        Assert.Equal(Stored, StoredState.Of(Claim(Stored)));
        Assert.Null(StoredState.Of(Claim(null)));
    }

    [Fact]
    public void An_unreadable_stored_snapshot_is_an_error_not_a_fresh_start()
    {
        var corrupt = Claim(Stored) with { Snapshot = "{\"uid\": \"T3D6288\"}" };

        Assert.Throws<InvalidDataException>(() => StoredState.Of(corrupt));
    }
}
