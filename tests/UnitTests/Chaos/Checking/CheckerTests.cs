extern alias chaos;

using chaos::Tchek.Events.Chaos.Checking;
using static Tchek.Events.UnitTests.Chaos.Checking.ChaosStreams;

namespace Tchek.Events.UnitTests.Chaos.Checking;

/// <summary>The chaos checker: a correct run passes, and each way of breaking the promises is caught and named.</summary>
public sealed class CheckerTests
{
    private static ChaosReport Check(List<EventFacts> committed, List<EventFacts> deliveries, TrueToken? truth = null) =>
        Checker.Check([truth ?? Truth()], committed, deliveries);

    private static void AssertFound(ChaosReport report, FindingKind kind, string text)
    {
        Assert.False(report.Passed);
        Assert.Contains(report.Findings, f => f.Kind == kind && f.What.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_stream_that_skips_short_lived_states_but_keeps_every_promise_passes()
    {
        var report = Check(Stream(), Stream());

        Assert.True(report.Passed, string.Join('\n', report.Findings));
        Assert.Equal(14, report.Committed);
        Assert.Equal(14, report.Delivered);
    }

    [Fact]
    public void Copies_of_an_event_are_counted_as_duplicates_and_nothing_else()
    {
        var deliveries = Stream();
        deliveries.InsertRange(9, [deliveries[3], deliveries[7]]);
        deliveries.Add(deliveries[0]);

        var report = Check(Stream(), deliveries);

        Assert.True(report.Passed, string.Join('\n', report.Findings));
        Assert.Equal(3, report.Duplicates);
        Assert.Equal(17, report.Deliveries);
    }

    [Fact]
    public void A_committed_event_never_delivered_is_lost_and_leaves_a_gap()
    {
        var deliveries = Stream();
        deliveries.RemoveAt(7);

        var report = Check(Stream(), deliveries);

        AssertFound(report, FindingKind.Lost, "PicturesCompleted #8 was committed but never delivered");
        AssertFound(report, FindingKind.Gap, "sequence 9 follows 7");
    }

    [Fact]
    public void An_event_delivered_but_never_committed_is_unexpected()
    {
        // What publishing before the commit gives when the commit then fails.
        var deliveries = Stream();
        deliveries.Insert(5, Event(6, "TokenStatusChanged", 2, previous: 6, occurredAt: At(30)) with { EventId = Guid.NewGuid() });

        var report = Check(Stream(), deliveries);

        AssertFound(report, FindingKind.Unexpected, "was delivered but never committed");
    }

    [Fact]
    public void An_event_whose_delivered_content_differs_from_the_committed_one_is_unexpected()
    {
        var deliveries = Stream();
        deliveries[5] = Event(6, "TokenStatusChanged", 2, previous: 6, occurredAt: At(30));

        AssertFound(Check(Stream(), deliveries), FindingKind.Unexpected, "differs from the committed");
    }

    [Fact]
    public void A_copy_with_other_content_under_the_same_id_is_unexpected()
    {
        var deliveries = Stream();
        deliveries.Add(deliveries[5] with { Canonical = deliveries[5].Canonical.Replace("\"status\":3", "\"status\":2", StringComparison.Ordinal) });

        AssertFound(Check(Stream(), deliveries), FindingKind.Unexpected, "delivered again with other content");
    }

    [Fact]
    public void A_later_event_arriving_first_is_out_of_order()
    {
        var deliveries = Stream();
        (deliveries[7], deliveries[8]) = (deliveries[8], deliveries[7]);

        AssertFound(Check(Stream(), deliveries), FindingKind.OutOfOrder, "#8 first arrived after #9");
    }

    [Fact]
    public void Two_events_under_one_sequence_are_unexpected()
    {
        var stream = Stream();
        stream.Insert(5, Event(5, "TokenStatusChanged", 2, previous: 6, occurredAt: At(30)) with { EventId = Guid.NewGuid() });

        AssertFound(Check(stream, stream), FindingKind.Unexpected, "share sequence 5");
    }

    [Fact]
    public void Events_of_a_token_the_run_never_created_are_unexpected()
    {
        var stream = Stream();
        var stray = Event(1, "TokenTracked", 0, uid: "T0000000");

        AssertFound(Check([.. stream, stray], [.. stream, stray]), FindingKind.Unexpected, "never created");
    }

    [Fact]
    public void Requests_before_a_retry_after_or_overlapping_are_bad_manners()
    {
        var report = Check(Stream(), Stream(), Truth(earlyRequests: 2, overlaps: 1));

        AssertFound(report, FindingKind.Manners, "2 request(s) before the Retry-After elapsed");
        AssertFound(report, FindingKind.Manners, "1 request(s) while another was being answered");
        Assert.Equal(2, report.EarlyRequests);
    }
}
