using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.OperatorConsole;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

/// <summary>A token's facts and its events, as the detail page words them.</summary>
public sealed class TokenFactsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 14, 30, 0, TimeSpan.Zero);

    private static TokenSnapshot Snapshot(bool? report) => new()
    {
        Uid = "T3D6288",
        Status = TokenStatusCodes.Completed,
        TokenJson = "{}",
        Options = report is { } value ? new TokenOptions { Report = value } : null,
    };

    [Theory]
    [InlineData(3, true, "not yet (the inspection is not complete)")]
    [InlineData(5, true, "yes")]
    [InlineData(5, false, "created, but this token does not grant access to it")]
    [InlineData(5, null, "created (the vendor does not say whether this token grants access to it)")]
    public void A_report_is_available_once_completed_and_granted(int progress, bool? report, string words)
    {
        Assert.Equal(words, TokenFacts.ReportWords(progress, Snapshot(report)));
    }

    [Fact]
    public void Without_a_snapshot_the_report_is_unknown()
    {
        Assert.Equal("unknown (no snapshot)", TokenFacts.ReportWords(5, null));
    }

    [Fact]
    public void Facts_come_from_the_stored_snapshot()
    {
        var token = new TrackedToken
        {
            Uid = "T3D6288",
            State = TrackingPhase.Stopped,
            StopReason = "Expired",
            Status = 5,
            Progress = 5,
            Expired = true,
            ExpiresAt = Now.AddDays(-1),
            Snapshot = """
                {"uid":"T3D6288","tradeinStatus":5,"expired":true,"tchekPtr":{"id":"i1","percentDamage":12.5},"options":{"report":true}}
                """,
        };

        var facts = TokenFacts.Of(token, Now);

        Assert.Equal("inspection completed", facts.Status);
        Assert.Equal("inspection completed (step 5 of 5)", facts.Progress);
        Assert.Equal("12.5 %", facts.Damage);
        Assert.Equal("yes", facts.Report);
        Assert.StartsWith("expired", facts.Expiry, StringComparison.Ordinal);
        Assert.Equal("stopped (expired)", facts.State);
    }

    [Fact]
    public void A_token_not_polled_yet_says_so()
    {
        var facts = TokenFacts.Of(new TrackedToken { Uid = "T3D6288" }, Now);

        Assert.Equal("not polled yet", facts.Status);
        Assert.Equal("not polled yet", facts.Progress);
        Assert.Equal("unknown (no snapshot)", facts.Report);
        Assert.Equal("tracking", facts.State);
    }

    [Fact]
    public void A_timeline_row_reads_observed_at_and_inferred_from_the_payload_and_the_replay_mark_from_the_row()
    {
        var observed = Now.AddMinutes(-5);
        var evt = new InspectionStarted
        {
            EventId = Guid.NewGuid(), TokenUid = "T3D6288", Sequence = 2, Status = 2,
            OccurredAt = Now.AddMinutes(-10), ObservedAt = observed, Inferred = true,
        };
        var stored = new StoredEvent
        {
            Uid = "T3D6288", Sequence = 2, Type = nameof(InspectionStarted), Payload = EventSerialization.Serialize(evt),
            OccurredAt = evt.OccurredAt, CreatedAt = observed, PublishedAt = null, ReplayCount = 2, LastReplayedAt = Now.AddMinutes(-1),
        };

        var row = TimelineRow.Of(stored, Now);

        Assert.True(row.Inferred);
        Assert.Equal(observed, row.ObservedAt);
        Assert.Null(row.PublishedAt);
        Assert.Equal("replayed 2× · last 14:29:00", row.Replayed);
        Assert.Equal("data-inferred=\"true\" data-replayed=\"true\"", row.Marks);
        Assert.Equal("", (row with { Inferred = false, Replayed = null }).Marks);
    }

    [Fact]
    public void An_unreadable_payload_still_shows_the_row()
    {
        var stored = new StoredEvent { Uid = "T3D6288", Sequence = 1, Type = "NoSuchEvent", Payload = "{}", OccurredAt = Now, CreatedAt = Now };

        var row = TimelineRow.Of(stored, Now);

        Assert.Equal("NoSuchEvent", row.Type);
        Assert.Null(row.ObservedAt);
        Assert.Null(row.Replayed);
    }
}
