using System.Net;
using System.Text.RegularExpressions;

namespace Tchek.Events.IntegrationTests.OperatorConsole.Support;

/// <summary>Just enough reading of the console's own HTML for tests: an element's text by id, attribute values.</summary>
public static partial class ConsoleHtml
{
    /// <summary>The text of the element with <paramref name="id"/> (tags stripped, blanks collapsed), or null when absent.</summary>
    public static string? Text(string html, string id)
    {
        var match = new Regex($"""<(?<tag>[a-z0-9]+)[^>]*\bid="{Regex.Escape(id)}"[^>]*>(?<inner>.*?)</\k<tag>>""", RegexOptions.Singleline).Match(html);
        return match.Success ? Squeeze(match.Groups["inner"].Value) : null;
    }

    /// <summary>Whether an element with <paramref name="id"/> is on the page.</summary>
    public static bool Has(string html, string id) => html.Contains($"id=\"{id}\"", StringComparison.Ordinal);

    /// <summary>Every value of <paramref name="attribute"/> on the page, in order.</summary>
    public static IReadOnlyList<string> Values(string html, string attribute) =>
        [.. new Regex($"""\b{Regex.Escape(attribute)}="(?<value>[^"]*)" """.TrimEnd()).Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value))];

    /// <summary>The opening tag of the timeline row of <paramref name="sequence"/>, or null.</summary>
    public static string? Row(string html, long sequence) =>
        new Regex($"""<tr data-sequence="{sequence}"[^>]*>""").Match(html) is { Success: true } match ? match.Value : null;

    /// <summary>The href of the link with <paramref name="id"/>, decoded, or null.</summary>
    public static string? Href(string html, string id) =>
        new Regex($"""<a[^>]*\bid="{Regex.Escape(id)}"[^>]*\bhref="(?<href>[^"]*)"|<a[^>]*\bhref="(?<href>[^"]*)"[^>]*\bid="{Regex.Escape(id)}" """.TrimEnd()).Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["href"].Value)
            : null;

    private static string Squeeze(string inner) => WebUtility.HtmlDecode(Blanks().Replace(Tags().Replace(inner, " "), " ").Trim());

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
