namespace Tchek.Events.StatusPoller.Tokens.Rules;

/// <summary>
/// The words of a refusal that is not a validation error, shared by the HTTP API's problem details
/// and the bus commands' <c>TokenTrackingRefused</c> replies, so both say the same thing.
/// </summary>
internal static class TrackingAnswers
{
    public const string EndedTitle = "Tracking of this token has ended";

    public static string EndedDetail(string uid, string? stopReason) =>
        $"Token {uid} stopped being tracked ({stopReason}); its event stream is closed.";

    public static string NotTrackedDetail(string uid) => $"Token {uid} is not tracked.";
}
