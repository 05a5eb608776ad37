namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>The overview's upstream health in words: the shared episode, then this instance's window.</summary>
internal static class UpstreamHealthText
{
    /// <summary>The headline: healthy, degraded since when and why, or not checked yet.</summary>
    public static string Headline(UpstreamHealthStatus status) => status switch
    {
        { CheckedAt: null } => "not checked yet",
        { Degraded: true, Since: { } since } => $"degraded since {ConsoleText.Time(since)}: {Cause(status.Cause)}",
        { Degraded: true } => $"degraded: {Cause(status.Cause)}",
        _ => "healthy",
    };

    /// <summary>This instance's window figures against their thresholds, and who decides.</summary>
    public static string Figures(UpstreamHealthStatus status)
    {
        var f = status.Figures;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"this instance, last {Minutes(f.Window)}: {f.FailedPolls} of {f.Polls} polls failed ({f.FailedRatio:P0}; degraded above {f.FailedRatioThreshold:P0} with at least {f.MinimumPolls} polls)");
        if (f.RetryAfterHold is { } hold)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; a Retry-After hold of {hold.TotalSeconds:0} s (degraded above {f.RetryAfterHoldThreshold.TotalSeconds:0} s)");
        }

        return text + (status.Decides ? ". This instance decides (it holds the outbox relay)." : ". The instance holding the outbox relay decides.");
    }

    private static string Cause(string? cause) => cause switch
    {
        UpstreamDegradationCauses.FailedPolls => "too many failed polls",
        UpstreamDegradationCauses.RetryAfterHold => "the vendor asked us to hold off (Retry-After)",
        _ => cause ?? "unknown cause",
    };

    private static string Minutes(TimeSpan window) =>
        window.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalMinutes:0.#} min") : string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds:0} s");
}
