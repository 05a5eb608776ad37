namespace Tchek.Events.Contracts;

/// <summary>
/// Command: stop tracking a token (same as <c>DELETE /tokens/{uid}</c>). The token's last event is
/// <see cref="TokenTrackingStopped"/> with reason <c>Untracked</c>. Idempotent.
/// </summary>
public sealed record UntrackToken
{
    /// <summary>The vendor's token uid.</summary>
    public string TokenUid { get; init; } = string.Empty;
}
