namespace Tchek.Events.StatusPoller.UpstreamHealth;

/// <summary>
/// The vendor's health as this instance last saw it: the open episode (shared by every instance,
/// from the database) and this instance's own window figures.
/// </summary>
/// <param name="Degraded">Whether an episode is open.</param>
/// <param name="EpisodeId">The open episode's id.</param>
/// <param name="Cause">What opened it (an <see cref="UpstreamDegradationCauses"/> value).</param>
/// <param name="Since">When it opened.</param>
/// <param name="Figures">This instance's window figures, with the thresholds.</param>
/// <param name="Decides">Whether this instance is the one that decides (its outbox relay is active).</param>
/// <param name="CheckedAt">When this was last refreshed; null before the first check.</param>
internal sealed record UpstreamHealthStatus(
    bool Degraded, Guid? EpisodeId, string? Cause, DateTimeOffset? Since, UpstreamFigures Figures, bool Decides, DateTimeOffset? CheckedAt)
{
    public static readonly UpstreamHealthStatus Unknown = new(false, null, null, null, new UpstreamFigures(), false, null);
}

/// <summary>The current upstream health, for pages and probes: refreshed by the monitor at every check.</summary>
internal sealed class UpstreamHealthState
{
    private UpstreamHealthStatus _current = UpstreamHealthStatus.Unknown;

    public UpstreamHealthStatus Current => Volatile.Read(ref _current);

    internal void Set(UpstreamHealthStatus status) => Volatile.Write(ref _current, status);
}
