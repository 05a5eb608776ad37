namespace Tchek.Events.Contracts;

/// <summary>The values of <see cref="TokenTrackingStopped.Reason"/>.</summary>
public static class TrackingStopReasons
{
    /// <summary>The inspection completed and the configured tail of polls after completion elapsed.</summary>
    public const string CompletedTailElapsed = nameof(CompletedTailElapsed);

    /// <summary>The token's validity ran out.</summary>
    public const string Expired = nameof(Expired);

    /// <summary>Tracking was cancelled through the API or an <see cref="UntrackToken"/> command.</summary>
    public const string Untracked = nameof(Untracked);

    /// <summary>The vendor does not know the token.</summary>
    public const string NotFound = nameof(NotFound);
}
