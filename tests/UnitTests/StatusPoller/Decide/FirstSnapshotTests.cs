using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

public sealed class FirstSnapshotTests
{
    [Theory]
    [InlineData(0, "T", 0)]
    [InlineData(1, "T 1", 1)]
    [InlineData(2, "T 1* 2", 2)]
    [InlineData(3, "T 1* 2* 3", 3)]
    [InlineData(4, "T 1* 2* 3* 4", 4)]
    [InlineData(5, "T 1* 2* 3* 4* 5", 5)]
    [InlineData(6, "T C", 0)]
    public void A_first_snapshot_counts_like_any_other_for_milestones(int status, string expected, int progress)
    {
        var detection = ChangeDetector.Detect(null, Snapshots.At(status), Snapshots.Start);

        Assert.Equal(expected, EventNotation.Of(detection.Events));
        Assert.Equal(progress, detection.State.Progress);
        Assert.Equal(Enumerable.Range(1, detection.Events.Count).Select(i => (long)i), detection.Events.Select(e => e.Sequence));
        Assert.True(detection.FactsChanged);
        Assert.Null(detection.Regression);
    }

    [Fact]
    public void Token_tracked_carries_the_full_first_state()
    {
        var snapshot = Snapshots.At(3) with
        {
            Expired = false,
            PercentDamage = 7.5m,
            SendingType = 2,
            Options = new TokenOptions { Report = true, FastTrack = true },
        };
        var observedAt = Snapshots.Start.AddHours(1);

        var tracked = Assert.IsType<TokenTracked>(ChangeDetector.Detect(null, snapshot, observedAt).Events[0]);

        Assert.Equal(1, tracked.Sequence);
        Assert.Equal(TokenEventIds.For(Snapshots.Uid, 1), tracked.EventId);
        Assert.Equal(3, tracked.Status);
        Assert.Equal(snapshot.StatusUpdatedAt, tracked.StatusUpdatedAt);
        Assert.Equal(snapshot.ExpiresAt, tracked.ExpiresAt);
        Assert.Equal(7.5m, tracked.PercentDamage);
        Assert.Equal(2, tracked.SendingType);
        Assert.Equal(snapshot.Options, tracked.Options);
        Assert.Equal("lMIgFXXXXX", tracked.ApiTokenId);
        Assert.Equal(Snapshots.Start, tracked.TokenCreatedAt);
        Assert.False(tracked.Expired);
        Assert.False(tracked.Inferred);
        Assert.Equal(observedAt, tracked.OccurredAt);
        Assert.Equal(observedAt, tracked.ObservedAt);
        Assert.Equal("cD3BrVtuhh", tracked.InspectionId);
        Assert.Equal("iJgGBgndLi", tracked.VehicleId);
        Assert.Equal("jI33qU2Dz1", tracked.CustomerId);
        Assert.Equal("xNsqRXw9gn", tracked.CreatorUserId);
    }

    [Fact]
    public void A_token_expired_at_its_first_snapshot_gets_token_expired()
    {
        var detection = ChangeDetector.Detect(null, Snapshots.At(0) with { Expired = true }, Snapshots.Start);

        Assert.Equal("T E", EventNotation.Of(detection.Events));
        Assert.Equal(Snapshots.At(0).ExpiresAt, Assert.IsType<TokenExpired>(detection.Events[1]).ExpiresAt);
    }

    [Fact]
    public void A_damage_figure_at_the_first_snapshot_is_an_assessment()
    {
        var detection = ChangeDetector.Detect(null, Snapshots.At(4) with { PercentDamage = 3m }, Snapshots.Start);

        Assert.Equal("T 1* 2* 3* 4 D", EventNotation.Of(detection.Events));
        var assessed = Assert.IsType<DamageAssessed>(detection.Events[^1]);
        Assert.Equal(3m, assessed.PercentDamage);
        Assert.Null(assessed.PreviousPercentDamage);
    }
}
