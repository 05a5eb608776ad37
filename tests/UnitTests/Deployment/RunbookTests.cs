using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>
/// Every alert links, by its <c>runbook_url</c> annotation, to a runbook page of the published manual:
/// the URL is the site's documented base plus a page that exists in docs/, is in the site's
/// navigation, names the alert, and says what it means, how to confirm it, what to do and when to escalate.
/// </summary>
public sealed class RunbookTests
{
    /// <summary>Where the manual is published (docs/operating/runbooks/index.md; rewritten when deployed elsewhere).</summary>
    public const string SiteBase = "https://tchek-events.github.io/Tchek.Events/";

    private static readonly IReadOnlyList<YamlNode> Rules = [.. Yaml.Document("deploy/prometheus/alerts.yml").At("groups").Items().SelectMany(g => g.At("rules").Items())];

    public static TheoryData<string> Alerts() => [.. Rules.Select(rule => rule.Text("alert")!)];

    [Theory]
    [MemberData(nameof(Alerts))]
    public void The_alert_links_to_its_runbook_page_in_the_site(string alert)
    {
        var url = Rules.Single(r => r.Text("alert") == alert).Text("annotations", "runbook_url");

        Assert.NotNull(url);
        Assert.StartsWith(SiteBase, url, StringComparison.Ordinal);
        Assert.EndsWith(".html", url, StringComparison.Ordinal);
        // The site's page X.html is built from docs/X.md.
        var page = "docs/" + url[SiteBase.Length..^".html".Length] + ".md";
        Assert.True(File.Exists(Repository.PathOf(page)), $"{alert}'s runbook_url {url} maps to {page}, which does not exist");
        Assert.Contains(page, DocsNavigation.Pages());

        var text = File.ReadAllText(Repository.PathOf(page));
        Assert.StartsWith($"# {alert}", text, StringComparison.Ordinal);
        Assert.All(new[] { "## What it means", "## How to confirm", "## What to do", "## When to escalate" }, heading =>
            Assert.True(text.Contains("\n" + heading + "\n", StringComparison.Ordinal), $"{page} has no '{heading}' section"));
    }

    [Fact]
    public void The_runbooks_index_documents_the_base_the_alerts_use()
    {
        var index = File.ReadAllText(Repository.PathOf("docs/operating/runbooks/index.md"));

        Assert.Contains($"`{SiteBase}`", index, StringComparison.Ordinal);
        Assert.All(Rules.Select(rule => rule.Text("alert")!), alert => Assert.Contains($"`{alert}`", index, StringComparison.Ordinal));
    }
}
