namespace Tchek.Events.Contracts;

/// <summary>The poller stopped polling the token. Always the token's last event.</summary>
public sealed record TokenTrackingStopped : TokenEvent
{
    /// <summary>Why: one of <see cref="TrackingStopReasons"/> (<c>CompletedTailElapsed</c>, <c>Expired</c>, <c>Untracked</c>, <c>NotFound</c>).</summary>
    public string Reason { get; init; } = string.Empty;
}
