extern alias simulator;

using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Messaging;
using Tchek.Events.StatusPoller.Operations;
using Tchek.Events.StatusPoller.OperatorConsole;
using Tchek.Events.StatusPoller.Poll;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Tokens;
using Tchek.Events.StatusPoller.UpstreamHealth;
using FaultOptions = simulator::Tchek.Events.Simulator.Faults.FaultOptions;
using SimulatorOptions = simulator::Tchek.Events.Simulator.SimulatorOptions;

namespace Tchek.Events.UnitTests;

/// <summary>The README's configuration table says exactly what the options classes hold, defaults included.</summary>
public sealed partial class ReadmeConfigurationTests
{
    private static readonly (string Section, object Defaults)[] OptionsClasses =
    [
        (UpstreamOptions.Section, new UpstreamOptions()),
        (PollingOptions.Section, new PollingOptions()),
        (OutboxOptions.Section, new OutboxOptions()),
        (TrackingOptions.Section, new TrackingOptions()),
        (HousekeepingOptions.Section, new HousekeepingOptions()),
        (UpstreamHealthOptions.Section, new UpstreamHealthOptions()),
        (ApiOptions.Section, new ApiOptions()),
        (ConsoleOptions.Section, new ConsoleOptions()),
        (RabbitMqOptions.Section, new RabbitMqOptions()),
        (SimulatorOptions.Section, new SimulatorOptions()),
        (FaultOptions.Section, new FaultOptions()),
    ];

    [Fact]
    public void Every_option_is_documented_with_its_default()
    {
        var rows = DocumentedRows();

        foreach (var (key, value) in ExpectedRows())
        {
            Assert.True(rows.TryGetValue(key, out var documented), $"README lacks a row for {key}");
            Assert.True(value == documented, $"README says {key} defaults to {documented}; the code says {value}");
        }
    }

    [Fact]
    public void The_readme_documents_no_option_that_does_not_exist()
    {
        var expected = ExpectedRows().Keys.ToHashSet();

        // Connection strings and logging are the framework's sections, not options classes.
        var unknown = DocumentedRows().Keys.Where(k =>
            !k.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && !k.StartsWith("Logging:", StringComparison.Ordinal) && !expected.Contains(k));

        Assert.Empty(unknown);
    }

    private static Dictionary<string, string> ExpectedRows() => OptionsClasses
        .SelectMany(o => Rows(o.Section, o.Defaults))
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
        IFormattable formattable => $"`{formattable.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    private static Dictionary<string, string> DocumentedRows() => Row().Matches(File.ReadAllText(Repository.PathOf("README.md")))
        .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["default"].Value.Trim());

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+(?::[A-Za-z]+)+)` \| (?<default>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
