extern alias chaos;

using chaos::Tchek.Events.Chaos.Checking;
using static Tchek.Events.UnitTests.Chaos.Checking.ChaosStreams;

namespace Tchek.Events.UnitTests.Chaos.Checking;

/// <summary>
/// The checker against the true life: events that are in the log and delivered, but say what did
/// not happen (invented) or leave out what did (lost). Each case edits the known-good stream in
/// the log and on the bus alike, so only the truth can tell.
/// </summary>
public sealed class TruthRulesTests
{
    private static List<Finding> Findings(Func<List<EventFacts>, List<EventFacts>> edit, TrueToken? truth = null)
    {
        var stream = Renumber(edit(Stream()));
        var findings = new List<Finding>();
        TruthRules.Check(truth ?? Truth(), stream, findings);
        return findings;
    }

    // Sequences follow the edit, as a poller would have numbered them.
    private static List<EventFacts> Renumber(List<EventFacts> stream) =>
        [.. stream.Select((e, i) => e with { Sequence = i + 1 })];

    private static void AssertFound(List<Finding> findings, FindingKind kind, string text) =>
        Assert.Contains(findings, f => f.Kind == kind && f.What.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void The_known_good_stream_satisfies_every_rule()
    {
        Assert.Empty(Findings(s => s));
    }

    [Fact]
    public void A_status_that_never_happened_is_invented()
    {
        var findings = Findings(s =>
        {
            s.Insert(5, Event(0, "TokenStatusChanged", 4, previous: 6, occurredAt: At(25)));
            s[6] = Event(0, "TokenStatusChanged", 3, previous: 4, occurredAt: At(40));
            return s;
        });

        AssertFound(findings, FindingKind.Unexpected, "is not in the true one");
    }

    [Fact]
    public void A_status_change_from_a_status_never_reported_is_invented()
    {
        var findings = Findings(s =>
        {
            s[5] = Event(0, "TokenStatusChanged", 3, previous: 2, occurredAt: At(40));
            return s;
        });

        AssertFound(findings, FindingKind.Unexpected, "does not follow the reported status 6");
    }

    [Fact]
    public void A_final_status_never_reported_is_lost()
    {
        var findings = Findings(s => [.. s.Take(8)], Truth() with { Steps = [.. Truth().Steps.Take(7)] });

        AssertFound(findings, FindingKind.Lost, "final status 5 never reported (last reported 3)");
    }

    [Fact]
    public void A_milestone_missing_below_the_highest_status_is_lost()
    {
        var findings = Findings(s =>
        {
            s.RemoveAt(6);
            return s;
        });

        AssertFound(findings, FindingKind.Lost, "milestone 2 missing");
    }

    [Fact]
    public void A_milestone_twice_or_beyond_the_highest_status_is_invented()
    {
        AssertFound(Findings(s => [.. s, Event(0, "PicturesCompleted", 5)]), FindingKind.Unexpected, "PicturesCompleted 2 times");
        var early = Findings(s =>
        {
            s.Insert(3, Event(0, "FirstPictureTaken", 1, inferred: true));
            s.RemoveAt(7);
            return s;
        });
        Assert.DoesNotContain(early, f => f.What.Contains("milestone 2 missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_milestone_whose_inferred_flag_contradicts_the_reported_statuses_is_invented()
    {
        var findings = Findings(s =>
        {
            s[7] = Event(0, "PicturesCompleted", 3, inferred: true, occurredAt: At(40));
            return s;
        });

        AssertFound(findings, FindingKind.Unexpected, "PicturesCompleted says inferred=True, but status 3 was reported");
    }

    [Fact]
    public void A_chase_up_that_was_never_sent_is_invented_and_one_reported_twice_too()
    {
        AssertFound(Findings(s => [.. s, Event(0, "ChaseUpSent", 6, occurredAt: At(21))]), FindingKind.Unexpected, "when no chase-up was sent");
        AssertFound(Findings(s => [.. s, Event(0, "ChaseUpSent", 6, occurredAt: At(20))]), FindingKind.Unexpected, "one chase-up reported twice");
    }

    [Fact]
    public void A_chase_up_the_token_still_shows_must_be_reported()
    {
        var truth = Truth() with { Steps = [.. Truth().Steps.Take(3), new TrueStep(At(25), 6, false, null)] };

        var findings = Findings(s => [.. s.Take(4)], truth);

        AssertFound(findings, FindingKind.Lost, "the last chase-up");
    }

    [Fact]
    public void A_damage_figure_never_shown_is_invented_and_the_final_one_must_come()
    {
        AssertFound(Findings(s => [.. s.Take(12), Event(0, "DamageAssessed", 5, damage: 30m), .. s.Skip(12)]), FindingKind.Unexpected, "a figure the vendor never showed");
        AssertFound(Findings(s => [.. s.Where(e => e.Type != "DamageAssessed")]), FindingKind.Lost, "final damage 12.5 never reported");
    }

    [Fact]
    public void Expiry_and_its_stop_follow_the_final_state()
    {
        AssertFound(Findings(s => [.. s.Where(e => e.Type != "TokenExpired")]), FindingKind.Lost, "TokenExpired missing");
        AssertFound(Findings(s => [.. s.Where(e => e.Type != "TokenTrackingStopped")]), FindingKind.Lost, "TokenTrackingStopped (Expired) missing");
        var neverExpired = Truth() with { Steps = [.. Truth().Steps.Take(7)] };
        AssertFound(Findings(s => s, neverExpired), FindingKind.Unexpected, "the token never expired");
        AssertFound(Findings(s => [.. s, Event(0, "TokenStatusChanged", 6, previous: 5)]), FindingKind.Unexpected, "TokenTrackingStopped (Expired) at #14 of 15");
    }

    [Fact]
    public void An_expired_token_awaiting_its_report_is_not_required_to_stop()
    {
        var truth = Truth() with { Steps = [.. Truth().Steps.Take(5), new TrueStep(At(45), 3, true, null)] };

        var findings = Findings(s => [.. s.Take(8), Event(0, "TokenExpired", 3)], truth);

        Assert.Empty(findings);
    }

    [Fact]
    public void Without_a_token_tracked_event_nothing_else_is_judged()
    {
        var findings = Findings(s => [.. s.Skip(1)]);

        Assert.Equal([new Finding(FindingKind.Lost, Uid, "no TokenTracked")], findings);
    }

    [Fact]
    public void The_true_status_path_folds_repeats_and_chase_ups_are_the_sixes_that_were_sent()
    {
        var truth = new TrueToken(Uid,
        [
            new(At(0), 0, false, null),
            new(At(1), 6, false, null),
            new(At(2), 6, false, null),
            new(At(3), 6, true, null),
        ], 0, 0);

        Assert.Equal([0, 6], truth.StatusPath);
        // The expiry changes the answer but sends no message: two chase-ups, not three.
        Assert.Equal([At(1), At(2)], truth.ChaseUps);
    }
}
