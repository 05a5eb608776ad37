using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>The non-status facts: damage, expiry, and the fields every event carries.</summary>
public sealed class FactTests
{
    private static readonly TokenState Tracked = ChangeDetector.Detect(null, Snapshots.At(3), Snapshots.Start).State;

    [Theory]
    [InlineData(null, "12.5", "D")]
    [InlineData("12.5", "30", "D")]
    [InlineData("12.5", "12.50", "")]
    [InlineData("30", null, "")]
    [InlineData(null, null, "")]
    [InlineData("0", "0", "")]
    [InlineData(null, "0", "D")]
    public void Damage_is_assessed_when_it_changes_to_a_non_null_figure(string? before, string? after, string expected)
    {
        var stored = ChangeDetector.Detect(null, Snapshots.At(3) with { PercentDamage = ToDecimal(before) }, Snapshots.Start).State;

        var detection = ChangeDetector.Detect(stored, Snapshots.At(3) with { PercentDamage = ToDecimal(after) }, Snapshots.Start.AddMinutes(1));

        Assert.Equal(expected, EventNotation.Of(detection.Events));
        if (expected == "D")
        {
            var assessed = Assert.IsType<DamageAssessed>(detection.Events[0]);
            Assert.Equal(ToDecimal(after), assessed.PercentDamage);
            Assert.Equal(ToDecimal(before), assessed.PreviousPercentDamage);
        }
    }

    [Theory]
    [InlineData(false, true, "E")]
    [InlineData(true, true, "")]
    [InlineData(false, false, "")]
    [InlineData(true, false, "")]
    public void Expiry_is_reported_when_the_flag_becomes_true(bool before, bool after, string expected)
    {
        var stored = ChangeDetector.Detect(null, Snapshots.At(1) with { Expired = before }, Snapshots.Start).State;

        var detection = ChangeDetector.Detect(stored, Snapshots.At(1) with { Expired = after }, Snapshots.Start.AddMinutes(1));

        Assert.Equal(expected, EventNotation.Of(detection.Events));
    }

    [Fact]
    public void Expiry_and_damage_occur_when_observed_status_facts_when_the_vendor_set_the_status()
    {
        var observedAt = Snapshots.Start.AddHours(2);
        var next = Snapshots.At(5, minute: 30) with { PercentDamage = 4m, Expired = true };

        var events = ChangeDetector.Detect(Tracked, next, observedAt).Events;

        Assert.Equal("S 4* 5 D E", EventNotation.Of(events));
        Assert.All(events.Take(3), e => Assert.Equal(Snapshots.Start.AddMinutes(30), e.OccurredAt));
        Assert.All(events.Skip(3), e => Assert.Equal(observedAt, e.OccurredAt));
        Assert.All(events, e => Assert.Equal(observedAt, e.ObservedAt));
    }

    [Fact]
    public void Status_facts_without_a_vendor_time_occur_when_observed()
    {
        var observedAt = Snapshots.Start.AddHours(2);

        var events = ChangeDetector.Detect(Tracked, Snapshots.At(4) with { StatusUpdatedAt = null }, observedAt).Events;

        Assert.Equal("S 4", EventNotation.Of(events));
        Assert.All(events, e => Assert.Equal(observedAt, e.OccurredAt));
    }

    [Fact]
    public void Every_event_carries_the_ids_status_and_its_deterministic_event_id()
    {
        var next = Snapshots.At(5, minute: 1) with { InspectionId = "insp-2", VehicleId = null, PercentDamage = 9m, Expired = true };

        var events = ChangeDetector.Detect(Tracked, next, Snapshots.Start.AddMinutes(2)).Events;

        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.Equal(Snapshots.Uid, e.TokenUid);
            Assert.Equal(TokenEventIds.For(Snapshots.Uid, e.Sequence), e.EventId);
            Assert.Equal(5, e.Status);
            Assert.Equal("insp-2", e.InspectionId);
            Assert.Null(e.VehicleId);
            Assert.Equal("jI33qU2Dz1", e.CustomerId);
            Assert.Equal("xNsqRXw9gn", e.CreatorUserId);
        });
    }

    [Fact]
    public void Inspection_completed_carries_the_damage_figure_and_report_options()
    {
        var options = new TokenOptions { Report = true, Cost = true, DownloadRoi = true };

        var events = ChangeDetector.Detect(Tracked, Snapshots.At(5, 1) with { PercentDamage = 18.2m, Options = options }, Snapshots.Start).Events;

        var completed = Assert.IsType<InspectionCompleted>(Assert.Single(events, e => e is InspectionCompleted));
        Assert.Equal(18.2m, completed.PercentDamage);
        Assert.Equal(options, completed.Options);
        Assert.False(completed.Inferred);
    }

    [Fact]
    public void Status_changed_carries_the_previous_status()
    {
        var changed = Assert.IsType<TokenStatusChanged>(ChangeDetector.Detect(Tracked, Snapshots.At(6, 1), Snapshots.Start).Events[0]);

        Assert.Equal(3, changed.PreviousStatus);
        Assert.Equal(6, changed.Status);
    }

    [Fact]
    public void A_snapshot_of_another_token_is_refused()
    {
        var other = Snapshots.At(1) with { Uid = "T0F3DF9" };

        Assert.Throws<ArgumentException>(() => ChangeDetector.Detect(Tracked, other, Snapshots.Start));
    }

    private static decimal? ToDecimal(string? value) =>
        value is null ? null : decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
