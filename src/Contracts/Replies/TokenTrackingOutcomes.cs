namespace Tchek.Events.Contracts;

/// <summary>The values of <see cref="TokenTrackingAccepted.Outcome"/>.</summary>
public static class TokenTrackingOutcomes
{
    /// <summary><see cref="TrackToken"/>: the token is tracked from now on (<c>POST /tokens</c> answers 201).</summary>
    public const string Created = nameof(Created);

    /// <summary><see cref="TrackToken"/>: the token was already tracked; nothing changed (<c>POST /tokens</c> answers 200).</summary>
    public const string AlreadyTracked = nameof(AlreadyTracked);

    /// <summary><see cref="UntrackToken"/>: tracking stopped; <see cref="TokenTrackingStopped"/> (<c>Untracked</c>) follows.</summary>
    public const string Untracked = nameof(Untracked);

    /// <summary><see cref="UntrackToken"/>: tracking had already ended; nothing changed (<c>DELETE</c> answers 204 too).</summary>
    public const string AlreadyStopped = nameof(AlreadyStopped);
}
