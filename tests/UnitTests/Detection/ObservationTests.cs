using System.Text;
using Tchek.Events.StatusPoller.Detection;
using Tchek.Events.UnitTests.Support;
using Tchek.Events.UnitTests.Upstream;

namespace Tchek.Events.UnitTests.Detection;

/// <summary>Rule 6 end to end over the pure parts: a fetched body either changes the token through the detector or changes nothing.</summary>
public sealed class ObservationTests
{
    private static readonly TokenState Stored =
        Observation.Of(null, VendorPayloads.Uid, Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t => t["tradeinStatus"] = 2)), Snapshots.Start).State!;

    [Theory]
    [MemberData(nameof(TokenPayloadParserTests.InvalidPayloads), MemberType = typeof(TokenPayloadParserTests))]
    public void An_invalid_payload_yields_no_event_and_leaves_the_state_unchanged(string name, string body, string kind)
    {
        var observation = Observation.Of(Stored, VendorPayloads.Uid, Encoding.UTF8.GetBytes(body), Snapshots.Start.AddMinutes(1));

        Assert.Equal(kind, observation.Rejection?.Kind.ToString());
        Assert.Empty(observation.Events);
        Assert.Null(observation.Changes);
        Assert.Same(Stored, observation.State);
        Assert.True(observation.Rejection is not null, name);
    }

    [Fact]
    public void An_invalid_first_payload_tracks_nothing()
    {
        var observation = Observation.Of(null, VendorPayloads.Uid, "not json"u8.ToArray(), Snapshots.Start);

        Assert.Null(observation.State);
        Assert.Empty(observation.Events);
    }

    [Fact]
    public void A_valid_payload_goes_through_the_detector()
    {
        var body = Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t =>
        {
            t["tradeinStatus"] = 5;
            t["tradeinStatusUpdatedAt"] = "2023-06-13T08:00:00.000Z";
        }));

        var observation = Observation.Of(Stored, VendorPayloads.Uid, body, Snapshots.Start.AddMinutes(1));

        Assert.Null(observation.Rejection);
        Assert.Equal("S 3* 4* 5", EventNotation.Of(observation.Events));
        Assert.Equal(5, observation.State!.Progress);
    }

    [Fact]
    public void The_same_payload_again_yields_nothing()
    {
        var body = Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t =>
        {
            t["tradeinStatus"] = 2;
            t["updatedAt"] = "2030-01-01T00:00:00.000Z";
        }));

        var observation = Observation.Of(Stored, VendorPayloads.Uid, body, Snapshots.Start.AddMinutes(1));

        Assert.Empty(observation.Events);
        Assert.False(observation.Changes!.FactsChanged);
    }

    [Fact]
    public void Observing_one_token_against_another_tokens_state_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Observation.Of(Stored, "T0F3DF9", "{}"u8.ToArray(), Snapshots.Start));
    }
}
