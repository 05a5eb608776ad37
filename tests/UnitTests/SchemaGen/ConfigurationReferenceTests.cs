using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Tchek.Events.SchemaGen;

namespace Tchek.Events.UnitTests.SchemaGen;

/// <summary>
/// docs/deploying/configuration-reference.md says exactly what the options classes hold, defaults
/// included (GeneratedDocsTests fails while the checked-in page is stale), and the hand-written
/// docs/deploying/configuration.md documents only the keys no options class reads.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    private const string Reference = "docs/deploying/configuration-reference.md";

    [Fact]
    public void Every_options_section_of_the_poller_and_the_simulator_is_found()
    {
        // By section name, which configuration files depend on: not by the classes' names or folders.
        var sections = ConfigurationReference.Discover().SelectMany(h => h.Sections).Where(s => !s.Path.Contains(':', StringComparison.Ordinal)).Select(s => s.Path);

        Assert.Equal(
            ["Api", "Audit", "Console", "Database", "Faults", "Housekeeping", "Management", "Outbox", "Polling", "Proxy", "RabbitMq", "RabbitMqManagement", "Simulator", "Tchek", "Telemetry", "Tracking", "UpstreamHealth"],
            sections.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_option_is_documented_with_its_default()
    {
        var rows = DocumentedRows();

        foreach (var (key, value) in ExpectedRows())
        {
            Assert.True(rows.TryGetValue(key, out var documented), $"{Reference} lacks a row for {key}: run {GeneratedDocs.Command}");
            Assert.True(value == documented, $"{Reference} says {key} defaults to {documented}; the code says {value}");
        }
    }

    [Fact]
    public void The_reference_documents_no_option_that_does_not_exist()
    {
        var expected = ExpectedRows().Keys.ToHashSet();

        Assert.DoesNotContain(DocumentedRows().Keys, k => !expected.Contains(k));
    }

    [Fact]
    public void The_configuration_page_documents_only_keys_that_are_not_options()
    {
        var expected = ExpectedRows().Keys.ToHashSet();
        var handWritten = Row().Matches(File.ReadAllText(Repository.PathOf("docs/deploying/configuration.md"))).Select(m => m.Groups["key"].Value).ToList();

        // Connection strings, tracing and logging are the framework's and the libraries', not options classes.
        Assert.NotEmpty(handWritten);
        Assert.All(handWritten, key => Assert.False(expected.Contains(key), $"{key} is an option: the generated reference documents it"));
        Assert.All(handWritten, key => Assert.Matches("^(ConnectionStrings:|Logging:|OTEL_)", key));
    }

    [Fact]
    public void Every_key_has_a_description_and_attributes_show_as_ranges()
    {
        var keys = ConfigurationReference.Discover().SelectMany(h => h.Sections).SelectMany(ConfigurationReference.Keys).ToDictionary(k => k.Path);

        Assert.All(keys.Values, key => Assert.False(string.IsNullOrWhiteSpace(key.Description), $"{key.Path} has no XML doc summary"));
        Assert.Equal("0 to 0.5", keys["Polling:JitterRatio"].Range);
        Assert.Equal("required", keys["Tchek:BaseUrl"].Range);
        Assert.Equal("", keys["Api:ExposeDocs"].Range);
        Assert.Equal("positive", keys["Polling:LeaseDuration"].Range);
        Assert.Equal("`00:00:01` to `00:05:00`", keys["Console:SampleInterval"].Range);
        Assert.Contains("`Tchek:TotalTimeout`", keys["Tchek:AttemptTimeout"].Description, StringComparison.Ordinal);
    }

    // An independent walk of each section's defaults, as the old README table test did.
    private static Dictionary<string, string> ExpectedRows() => ConfigurationReference.Discover()
        .SelectMany(h => h.Sections)
        .Where(s => !s.Path.Contains(':', StringComparison.Ordinal))
        .SelectMany(s => Rows(s.Path, s.Defaults))
        .ToDictionary(r => r.Key, r => r.Default);

    // A nested options object (Polling:Adaptive:Shooting) is a section of its own: its keys are documented, not it.
    private static IEnumerable<(string Key, string Default)> Rows(string section, object defaults) => defaults.GetType()
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
        .SelectMany(p => p.GetValue(defaults) is { } value && value.GetType().Name.EndsWith("Options", StringComparison.Ordinal)
            ? Rows($"{section}:{p.Name}", value)
            : [($"{section}:{p.Name}", Format(p.GetValue(defaults)))]);

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        TimeSpan span => $"`{span.ToString("c", CultureInfo.InvariantCulture)}`",
        IList { Count: 0 } => "(none)",
        IDictionary { Count: 0 } => "(none)",
        IFormattable formattable => $"`{formattable.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    private static Dictionary<string, string> DocumentedRows() => ReferenceRow().Matches(File.ReadAllText(Repository.PathOf(Reference)))
        .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["default"].Value.Trim());

    // | `key` | type | default | range | description |
    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+(?::[A-Za-z]+)+)` \| [^|]+ \| (?<default>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex ReferenceRow();

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z_]+(?::[A-Za-z]+)*)` \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
