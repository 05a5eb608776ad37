namespace Tchek.Events.Contracts;

/// <summary>The poller stopped polling the token. The last event of its tracking: only <see cref="TokenErased"/> may follow it.</summary>
public sealed record TokenTrackingStopped : TokenEvent
{
    /// <summary>Why: one of <see cref="TrackingStopReasons"/>.</summary>
    public string Reason { get; init; } = string.Empty;
}
