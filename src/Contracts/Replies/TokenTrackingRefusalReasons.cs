namespace Tchek.Events.Contracts;

/// <summary>The values of <see cref="TokenTrackingRefused.Reason"/>.</summary>
public static class TokenTrackingRefusalReasons
{
    /// <summary>The command breaks a rule (a malformed uid, a reference or metadata too long); the HTTP API's 400.</summary>
    public const string Invalid = nameof(Invalid);

    /// <summary><see cref="TrackToken"/>: the token's tracking ended, and a token is never tracked twice; the HTTP API's 409.</summary>
    public const string TrackingEnded = nameof(TrackingEnded);

    /// <summary><see cref="UntrackToken"/>: the token is not tracked; the HTTP API's 404.</summary>
    public const string NotTracked = nameof(NotTracked);
}
