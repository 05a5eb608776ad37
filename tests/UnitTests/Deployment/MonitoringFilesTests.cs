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

        // The issue's six (backlog age, no relay, claims lost, failure ratio, 429s, a poller not ready:
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
    public void The_dashboard_reads_the_provisioned_datasource_through_its_variable_and_has_no_import_placeholder()
    {
        Assert.True(Dashboard.GetProperty("schemaVersion").GetInt32() >= 39);
        // ${DS_...} inputs resolve only through Grafana's import, never through file provisioning.
        Assert.False(Dashboard.TryGetProperty("__inputs", out _));
        Assert.DoesNotContain("${DS_", Dashboard.GetRawText(), StringComparison.Ordinal);

        // The one datasource variable selects the provisioned Prometheus by its fixed uid (and lets an
        // imported copy pick its own Prometheus).
        var provisioned = Assert.Single(Yaml.Document("deploy/grafana/provisioning/datasources/prometheus.yml").At("datasources").Items());
        Assert.Equal(("prometheus", "tchek-prometheus", "http://prometheus:9090"), (provisioned.Text("type"), provisioned.Text("uid"), provisioned.Text("url")));
        var variable = Assert.Single(Dashboard.GetProperty("templating").GetProperty("list").EnumerateArray());
        Assert.Equal(("datasource", "datasource", "prometheus"), (variable.GetProperty("name").GetString(), variable.GetProperty("type").GetString(), variable.GetProperty("query").GetString()));
        Assert.Equal(provisioned.Text("uid"), variable.GetProperty("current").GetProperty("value").GetString());

        var panels = Dashboard.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 9);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var sources = panels.SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("datasource")).Prepend(panel.GetProperty("datasource"))).ToList();
        Assert.All(panels, panel => Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray()));
        Assert.All(sources, source => Assert.Equal(("prometheus", "${datasource}"), (source.GetProperty("type").GetString(), source.GetProperty("uid").GetString())));
    }

    [Fact]
    public void The_monitoring_profile_provisions_prometheus_and_grafana_from_the_deploy_files()
    {
        var services = Yaml.Document("docker-compose.yml").At("services")!;
        var provider = Assert.Single(Yaml.Document("deploy/grafana/provisioning/dashboards/tchek-events.yml").At("providers").Items());
        string[] Mounts(string service) => [.. services.At(service, "volumes").Items().Select(v => ((YamlScalarNode)v).Value!)];

        Assert.All(new[] { "prometheus", "grafana" }, name => Assert.Equal(["monitoring"], services.At(name, "profiles").Items().Select(p => ((YamlScalarNode)p).Value)));
        Assert.Contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", Mounts("prometheus"));
        Assert.Contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro", Mounts("prometheus"));
        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", Mounts("grafana"));
        // The dashboard lands in the folder the provider reads; the datasource's url names the Prometheus service.
        Assert.Contains($"./deploy/grafana/tchek-events.json:{provider.Text("options", "path")}/tchek-events.json:ro", Mounts("grafana"));
        Assert.Equal("file", provider.Text("type"));
        Assert.Contains(":9090", services.At("prometheus", "ports").Items().Select(p => ((YamlScalarNode)p).Value!).Single(), StringComparison.Ordinal);
        Assert.Equal("service_healthy", services.Text("grafana", "depends_on", "prometheus", "condition"));
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
