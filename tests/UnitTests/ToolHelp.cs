using System.Text.RegularExpressions;
using Tchek.Events.Testing;

namespace Tchek.Events.UnitTests;

/// <summary>Reads the --help of the bench and the chaos run.</summary>
internal static class ToolHelp
{
    /// <summary>The help's entry for the switch <paramref name="name"/>: its line and any wrapped lines after it.</summary>
    public static string Entry(string help, string name)
    {
        // An entry starts two spaces in; wrapped lines are indented to the second column.
        static bool StartsEntry(string line) => line.StartsWith("  -", StringComparison.Ordinal);
        static string FirstColumn(string line) => line.Trim().Split("  ")[0];
        var lines = help.Split('\n');
        var start = Array.FindIndex(lines, line => StartsEntry(line) && FirstColumn(line).Split(", ").Any(alias => alias.Split(' ')[0] == name));
        Assert.True(start >= 0, $"--help does not list {name}:\n{help}");
        var end = Array.FindIndex(lines, start + 1, line => StartsEntry(line) || line.Trim().Length == 0);
        return Regex.Replace(string.Join(' ', lines[start..(end < 0 ? lines.Length : end)]), @"\s+", " ");
    }

    /// <summary>Every visible switch but --help is in the help, with a description and a default.</summary>
    public static void AssertListsEverySwitch(ToolCommandLine tool, string help)
    {
        var switches = tool.Command.Options.Where(o => !o.Hidden && o is not System.CommandLine.Help.HelpOption).ToList();
        Assert.NotEmpty(switches);
        Assert.All(switches, option =>
        {
            var entry = Entry(help, option.Name);
            Assert.Contains(Regex.Replace(option.Description!, @"\s+", " "), entry, StringComparison.Ordinal);
            Assert.Contains("[default: ", entry, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("--parse-only", help, StringComparison.Ordinal);
    }
}
