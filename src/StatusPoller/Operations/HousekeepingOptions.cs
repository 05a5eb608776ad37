namespace Tchek.Events.StatusPoller.Operations;

/// <summary>Section <c>Housekeeping</c>: how often the active relay's instance refreshes the gauges and applies retention.</summary>
internal sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    /// <summary>Time between two housekeeping passes: how often the active relay's instance refreshes the backlog and token gauges and applies retention.</summary>
    [Positive]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
