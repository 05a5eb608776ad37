using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Messaging;
using Tchek.Events.StatusPoller.Tokens;
using Tchek.Events.StatusPoller.Tokens.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Messaging;

/// <summary>The replies to bus commands sent as requests say what <c>POST</c> and <c>DELETE /tokens</c> say.</summary>
public sealed class CommandRepliesTests
{
    [Fact]
    public void A_valid_track_command_is_not_refused()
    {
        Assert.Null(CommandReplies.Refusal(new TrackToken { TokenUid = "T3D6288", ExternalReference = "lead-1", Metadata = new Dictionary<string, string> { ["k"] = "v" } }));
        Assert.Null(CommandReplies.Refusal(new UntrackToken { TokenUid = "T3D6288" }));
    }

    [Fact]
    public void An_invalid_track_command_is_refused_with_each_field_and_the_rule_the_api_gives()
    {
        var command = new TrackToken { TokenUid = "T3D6288-pwa", ExternalReference = new string('r', 257) };

        var refused = CommandReplies.Refusal(command);

        Assert.NotNull(refused);
        Assert.Equal("T3D6288-pwa", refused.TokenUid);
        Assert.Equal(TokenTrackingRefusalReasons.Invalid, refused.Reason);
        Assert.Equal("One or more validation errors occurred.", refused.Title);
        var rules = TrackRequestRules.Broken(command.TokenUid, command.ExternalReference, null).ToDictionary(b => b.Field, b => b.Rule);
        Assert.Equal(["externalReference", "uid"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(refused.Errors, e => Assert.Equal([rules[e.Key]], e.Value));
        Assert.Equal($"uid: {rules["uid"]} externalReference: {rules["externalReference"]}", refused.Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("T3D6288\n")]
    [InlineData("T3D6288-pwa")]
    public void An_untrack_command_with_a_bad_uid_is_refused_as_the_api_refuses_the_route(string? uid)
    {
        var refused = CommandReplies.Refusal(new UntrackToken { TokenUid = uid! });

        Assert.NotNull(refused);
        Assert.Equal(TokenTrackingRefusalReasons.Invalid, refused.Reason);
        Assert.Equal([$"A token uid is {TokenUids.Rule}."], Assert.Single(refused.Errors, e => e.Key == "uid").Value);
    }

    [Theory]
    [InlineData(nameof(TrackOutcome.Created), TokenTrackingOutcomes.Created)]
    [InlineData(nameof(TrackOutcome.AlreadyTracked), TokenTrackingOutcomes.AlreadyTracked)]
    public void Tracking_a_token_is_accepted_with_what_it_did(string outcome, string expected)
    {
        var accepted = Assert.IsType<TokenTrackingAccepted>(CommandReplies.Track("T3D6288", Enum.Parse<TrackOutcome>(outcome), stopReason: null));

        Assert.Equal(new TokenTrackingAccepted { TokenUid = "T3D6288", Outcome = expected }, accepted);
    }

    [Fact]
    public void Tracking_a_token_whose_tracking_ended_is_refused_with_the_apis_409_words()
    {
        var refused = Assert.IsType<TokenTrackingRefused>(CommandReplies.Track("T3D6288", TrackOutcome.Stopped, TrackingStopReasons.Expired));

        Assert.Equal(TokenTrackingRefusalReasons.TrackingEnded, refused.Reason);
        Assert.Equal("Tracking of this token has ended", refused.Title);
        Assert.Equal("Token T3D6288 stopped being tracked (Expired); its event stream is closed.", refused.Detail);
        Assert.Empty(refused.Errors);
    }

    [Theory]
    [InlineData(nameof(UntrackOutcome.Untracked), TokenTrackingOutcomes.Untracked)]
    [InlineData(nameof(UntrackOutcome.AlreadyStopped), TokenTrackingOutcomes.AlreadyStopped)]
    public void Untracking_a_known_token_is_accepted_as_delete_answers_204(string outcome, string expected)
    {
        var accepted = Assert.IsType<TokenTrackingAccepted>(CommandReplies.Untrack("T3D6288", Enum.Parse<UntrackOutcome>(outcome)));

        Assert.Equal(expected, accepted.Outcome);
    }

    [Fact]
    public void Untracking_an_unknown_token_is_refused_as_delete_answers_404()
    {
        var refused = Assert.IsType<TokenTrackingRefused>(CommandReplies.Untrack("T3D6288", UntrackOutcome.NotFound));

        Assert.Equal(TokenTrackingRefusalReasons.NotTracked, refused.Reason);
        Assert.Equal("Not Found", refused.Title);
    }
}
