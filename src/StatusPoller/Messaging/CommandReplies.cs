namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>
/// What a command sent as a request is answered: the same rules and the same words as the HTTP
/// API's answers to <c>POST /tokens</c> and <c>DELETE /tokens/{uid}</c>. Pure.
/// </summary>
internal static class CommandReplies
{
    // ASP.NET Core's title of a validation problem, which the API answers for invalid input.
    public const string ValidationTitle = "One or more validation errors occurred.";

    // The API's 409 title for a token whose tracking ended (TokensApi says the same).
    public const string TrackingEndedTitle = TrackingAnswers.EndedTitle;

    /// <summary>The refusal of an invalid <see cref="TrackToken"/>, or null when it is valid.</summary>
    public static TokenTrackingRefused? Refusal(TrackToken command) =>
        Invalid(command.TokenUid, TrackRequestRules.Broken(command.TokenUid, command.ExternalReference, command.Metadata));

    /// <summary>The refusal of an invalid <see cref="UntrackToken"/>, or null when it is valid.</summary>
    public static TokenTrackingRefused? Refusal(UntrackToken command) =>
        Invalid(command.TokenUid, TokenUids.IsValid(command.TokenUid) ? [] : [("uid", $"A token uid is {TokenUids.Rule}.")]);

    /// <summary>The answer to a valid <see cref="TrackToken"/> once carried out: accepted, or refused when tracking had ended.</summary>
    public static object Track(string uid, TrackOutcome outcome, string? stopReason) => outcome switch
    {
        TrackOutcome.Created => Accepted(uid, TokenTrackingOutcomes.Created),
        TrackOutcome.AlreadyTracked => Accepted(uid, TokenTrackingOutcomes.AlreadyTracked),
        _ => new TokenTrackingRefused
        {
            TokenUid = uid,
            Reason = TokenTrackingRefusalReasons.TrackingEnded,
            Title = TrackingEndedTitle,
            Detail = TrackingAnswers.EndedDetail(uid, stopReason),
        },
    };

    /// <summary>The answer to a valid <see cref="UntrackToken"/> once carried out: accepted, or refused when the token is unknown.</summary>
    public static object Untrack(string uid, UntrackOutcome outcome) => outcome switch
    {
        UntrackOutcome.Untracked => Accepted(uid, TokenTrackingOutcomes.Untracked),
        UntrackOutcome.AlreadyStopped => Accepted(uid, TokenTrackingOutcomes.AlreadyStopped),
        _ => new TokenTrackingRefused
        {
            TokenUid = uid,
            Reason = TokenTrackingRefusalReasons.NotTracked,
            Title = "Not Found",
            Detail = TrackingAnswers.NotTrackedDetail(uid),
        },
    };

    private static TokenTrackingAccepted Accepted(string uid, string outcome) => new() { TokenUid = uid, Outcome = outcome };

    private static TokenTrackingRefused? Invalid(string? uid, IEnumerable<(string Field, string Rule)> broken)
    {
        var errors = broken.ToDictionary(b => b.Field, b => (IReadOnlyList<string>)[b.Rule], StringComparer.Ordinal);
        return errors.Count == 0 ? null : new TokenTrackingRefused
        {
            TokenUid = uid,
            Reason = TokenTrackingRefusalReasons.Invalid,
            Title = ValidationTitle,
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            Errors = errors,
        };
    }
}
