using System.Text.Json;
using Tchek.Events.Testing;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>
/// The alerts and the dashboard read only series the poller exposes (<see cref="DeployedMetrics"/>,
/// which the integration test MetricNamesTests holds to a real scrape), and each alert can be acted on:
/// a duration, a severity, words for the page, and a runbook line in docs/operating/alerts.md.
/// </summary>
public sealed class MonitoringFilesTests
{
    private static readonly IReadOnlyList<YamlNode> Rules = [.. Yaml.Document("deploy/prometheus/alerts.yml").At("groups").Items().SelectMany(g => g.At("rules").Items())];

    private static readonly JsonElement Dashboard = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/grafana/tchek-events.json"))).RootElement;

    private static readonly HashSet<string> Known = [.. DeployedMetrics.Poller, .. DeployedMetrics.FromPrometheus];

    [Fact]
    public void Every_alert_waits_has_a_severity_words_and_a_runbook_line()
    {
        var readme = File.ReadAllText(Repository.PathOf("docs/operating/alerts.md"));

        // The six (backlog age, no relay, claims lost, failure ratio, 429s, a poller not ready:
        // down, or up and unready), the upstream health signal (issue 14) and a failover seen (issue 25),
        // no more, no less.
        Assert.Equal(
            ["TchekClaimsLost", "TchekNoActiveRelay", "TchekOutboxBacklogOld", "TchekPollerDown", "TchekPollerNotReady", "TchekRelayMoved", "TchekUpstreamDegraded", "TchekUpstreamFailureRatio", "TchekVendorRateLimited"],
            Rules.Select(rule => rule.Text("alert")!).Order(StringComparer.Ordinal));
        Assert.All(Rules, rule =>
        {
            var name = rule.Text("alert")!;
            Assert.Matches("^[0-9]+[smh]$", rule.Text("for"));
            Assert.Contains(rule.Text("labels", "severity"), new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Text("annotations", "summary")), name);
            Assert.False(string.IsNullOrWhiteSpace(rule.Text("annotations", "description")), name);
            var severity = rule.Text("labels", "severity");
            Assert.True(readme.Contains($"| `{name}` ({severity}) |", StringComparison.Ordinal), $"docs/operating/alerts.md has no runbook row for {name} ({severity})");
        });
    }

    [Fact]
    public void Alerts_read_only_series_the_poller_exposes()
    {
        var used = Rules.SelectMany(r => DeployedMetrics.NamesIn(r.Text("expr")!)).ToHashSet();

        Assert.Subset(Known, used);
        // Every alert named in the issue: backlog age, relay, claims, failures, 429s, a poller down.
        Assert.Subset(used, new HashSet<string> { "tchek_outbox_backlog_age_seconds", "tchek_relay_active", "tchek_claims_lost_total", "tchek_polls_total", "tchek_upstream_throttled_total", "up" });
    }

    [Fact]
    public void The_dashboard_is_an_importable_grafana_dashboard_over_an_input_datasource()
    {
        Assert.True(Dashboard.GetProperty("schemaVersion").GetInt32() >= 39);
        var input = Assert.Single(Dashboard.GetProperty("__inputs").EnumerateArray());
        Assert.Equal(("DS_PROMETHEUS", "datasource", "prometheus"), (input.GetProperty("name").GetString(), input.GetProperty("type").GetString(), input.GetProperty("pluginId").GetString()));
        var panels = Dashboard.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 9);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, panel =>
        {
            Assert.Equal("${DS_PROMETHEUS}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
        });
    }

    [Fact]
    public void Every_panel_reads_only_series_the_poller_exposes()
    {
        var exprs = Dashboard.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Panel: p.GetProperty("title").GetString(), Expr: t.GetProperty("expr").GetString()!)))
            .ToList();

        Assert.All(exprs, e =>
        {
            var names = DeployedMetrics.NamesIn(e.Expr);
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.True(Known.Contains(name), $"panel '{e.Panel}' reads {name}, which the poller does not expose"));
        });
        // The ones the issue lists, all on the dashboard.
        Assert.Subset(exprs.SelectMany(e => DeployedMetrics.NamesIn(e.Expr)).ToHashSet(), new HashSet<string>(DeployedMetrics.Poller));
    }
}
