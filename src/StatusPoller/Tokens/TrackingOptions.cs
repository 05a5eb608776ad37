namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>Section <c>Tracking</c>: how long what we know of a token outlives its tracking.</summary>
internal sealed class TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>How long a stopped token (its row and its events) is kept after tracking stopped; then housekeeping deletes it.</summary>
    [Positive]
    public TimeSpan StoppedRetention { get; set; } = TimeSpan.FromDays(90);
}
