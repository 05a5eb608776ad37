using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests;

/// <summary>
/// The manual can be found: every page of docs/ is in the site's navigation (a toc.yml), and every
/// link of the README (which docfx does not build) points to a file that exists.
/// </summary>
public sealed partial class DocsNavigationTests
{
    [Fact]
    public void Every_page_of_the_docs_is_in_a_table_of_contents()
    {
        var pages = Directory.EnumerateFiles(Repository.PathOf("docs"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("docs/_site/", StringComparison.Ordinal))
            .Where(f => f != "docs/index.md") // the site's home page
            .ToList();

        Assert.NotEmpty(pages);
        Assert.Empty(pages.Except(DocsNavigation.Pages()));
    }

    [Fact]
    public void Every_table_of_contents_entry_exists()
    {
        Assert.All(DocsNavigation.Pages(), page => Assert.True(File.Exists(Repository.PathOf(page)), $"a toc.yml names {page}, which does not exist"));
    }

    [Fact]
    public void Every_readme_link_points_to_a_file_that_exists()
    {
        var links = Link().Matches(File.ReadAllText(Repository.PathOf("README.md"))).Select(m => m.Groups["target"].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#'))
            .ToList();

        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(File.Exists(Repository.PathOf(link.Split('#')[0])), $"README links to {link}, which does not exist"));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}

/// <summary>The pages the site's tables of contents name, as repository paths (docs/...): folder tocs followed from the root one.</summary>
internal static class DocsNavigation
{
    public static IReadOnlySet<string> Pages()
    {
        var pages = new HashSet<string>(StringComparer.Ordinal);
        Walk("docs/toc.yml", pages);
        return pages;
    }

    private static void Walk(string toc, HashSet<string> pages)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Repository.PathOf(toc)))
        {
            stream.Load(reader);
        }

        var folder = Path.GetDirectoryName(toc)!.Replace('\\', '/');
        // A toc is a list of items, or (docfx's own, generated) a mapping that holds them.
        var root = stream.Documents[0].RootNode;
        var items = root as YamlSequenceNode ?? (YamlSequenceNode)((YamlMappingNode)root).Children[new YamlScalarNode("items")];
        foreach (var item in Items(items))
        {
            if (item.Children.TryGetValue(new YamlScalarNode("topicHref"), out var topic) && topic is YamlScalarNode { Value: { } landing })
            {
                pages.Add(Normalise($"{folder}/{landing}"));
            }

            if (item.Children.TryGetValue(new YamlScalarNode("href"), out var href) && href is YamlScalarNode { Value: { } target })
            {
                var path = Normalise($"{folder}/{target}");
                if (target.EndsWith('/'))
                {
                    // docs/api/toc.yml is docfx's, generated at build time from src/Contracts.
                    if (File.Exists(Repository.PathOf(path + "/toc.yml")))
                    {
                        Walk(path + "/toc.yml", pages);
                    }
                }
                else
                {
                    pages.Add(path);
                }
            }
        }
    }

    private static IEnumerable<YamlMappingNode> Items(YamlSequenceNode items) => items.Children.OfType<YamlMappingNode>()
        .SelectMany(item => item.Children.TryGetValue(new YamlScalarNode("items"), out var nested) && nested is YamlSequenceNode children
            ? Items(children).Prepend(item)
            : [item]);

    // "docs/subscribing/../events.md" is "docs/events.md".
    private static string Normalise(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
