using System.Text.RegularExpressions;

namespace Tchek.Events.Testing;

/// <summary>
/// The series that deploy/prometheus/alerts.yml and deploy/grafana/tchek-events.json may use: the
/// poller's instruments as its Prometheus exporter names them (dots become underscores, counters end
/// in <c>_total</c>, a unit becomes a suffix such as <c>_seconds</c>). The unit tests hold both files
/// to this list; an integration test holds the list, and the files, to a real scrape of /metrics.
/// </summary>
public static partial class DeployedMetrics
{
    public static IReadOnlySet<string> Poller { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "tchek_polls_total",
        "tchek_events_written_total",
        "tchek_events_published_total",
        "tchek_claims_lost_total",
        "tchek_upstream_throttled_total",
        "tchek_upstream_duration_seconds_bucket",
        "tchek_relay_latency_seconds_bucket",
        "tchek_relay_active",
        "tchek_ready",
        "tchek_outbox_backlog",
        "tchek_outbox_backlog_age_seconds",
        "tchek_tokens",
        "tchek_upstream_degraded",
        "tchek_request_budget_per_day",
        "tchek_request_budget_charged_total",
    };

    /// <summary>Series Prometheus writes itself for every scrape, never found in /metrics.</summary>
    public static IReadOnlySet<string> FromPrometheus { get; } = new HashSet<string>(StringComparer.Ordinal) { "up" };

    /// <summary>The series names a PromQL expression reads (this project's and Prometheus's own).</summary>
    public static IReadOnlyList<string> NamesIn(string promQl) =>
        [.. SeriesName().Matches(promQl).Select(m => m.Value).Distinct()];

    /// <summary>The series names in a Prometheus text exposition (every sample line's name).</summary>
    public static IReadOnlySet<string> NamesExposedIn(string exposition) => exposition.Split('\n')
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(line => line[..line.IndexOfAny(['{', ' '])])
        .ToHashSet(StringComparer.Ordinal);

    // tchek_* anywhere; `up` only as a selector (followed by { or a space), not inside another word.
    [GeneratedRegex(@"\btchek_[a-z0-9_]+|\bup(?=\s*\{|\s|$)")]
    private static partial Regex SeriesName();
}
