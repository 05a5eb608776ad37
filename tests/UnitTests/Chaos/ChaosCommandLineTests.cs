extern alias chaos;

using chaos::Tchek.Events.Chaos;

namespace Tchek.Events.UnitTests.Chaos;

public sealed class ChaosCommandLineTests
{
    [Fact]
    public void No_switch_is_the_long_run_with_a_random_seed()
    {
        var options = ChaosCommandLine.Options(Valid(), randomSeed: 1234);

        Assert.Equal(new ChaosOptions(2_000, TimeSpan.FromMinutes(10), Speed: 20, Seed: 1234, Short: false), options);
    }

    [Fact]
    public void Short_is_the_ci_run()
    {
        var options = ChaosCommandLine.Options(Valid("--short"), randomSeed: 1234);

        Assert.Equal(new ChaosOptions(300, TimeSpan.FromSeconds(130), Speed: 60, Seed: 1234, Short: true), options);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Interval);
    }

    [Fact]
    public void Each_switch_sets_its_value()
    {
        var options = ChaosCommandLine.Options(Valid("--tokens", "5000", "--minutes", "20", "--speed", "20", "--seed", "42"), randomSeed: 1234);

        Assert.Equal(new ChaosOptions(5_000, TimeSpan.FromMinutes(20), Speed: 20, Seed: 42, Short: false), options);
    }

    [Fact]
    public void Ha_runs_against_the_clusters_in_either_length()
    {
        Assert.True(ChaosCommandLine.Options(Valid("--ha"), randomSeed: 1).Ha);
        Assert.Equal(new ChaosOptions(300, TimeSpan.FromSeconds(130), Speed: 60, Seed: 1, Short: true, Ha: true), ChaosCommandLine.Options(Valid("--ha", "--short"), randomSeed: 1));
        Assert.False(ChaosCommandLine.Options(Valid("--short"), randomSeed: 1).Ha);
        Assert.Equal(4, ChaosCommandLine.Options(Valid("--ha"), randomSeed: 1).Rounds);
        // The cluster faults end while lives still run: their heal is read from the events after them.
        Assert.Equal(TimeSpan.FromSeconds(546), ChaosCommandLine.Options(Valid("--ha"), randomSeed: 1).FaultWindow);
        Assert.Equal(TimeSpan.FromMinutes(10), ChaosCommandLine.Options(Valid(), randomSeed: 1).FaultWindow);
        // A quiet stretch first, the baseline of the delays; none in the single-node run, whose plans stay as they were.
        Assert.Equal(TimeSpan.FromSeconds(45), ChaosCommandLine.Options(Valid("--ha"), randomSeed: 1).QuietLead);
        Assert.Equal(TimeSpan.FromSeconds(10), ChaosCommandLine.Options(Valid("--ha", "--short"), randomSeed: 1).QuietLead);
        Assert.Equal(TimeSpan.Zero, ChaosCommandLine.Options(Valid(), randomSeed: 1).QuietLead);
    }

    [Theory]
    [InlineData("--short", "--seed", "42", "--tokens", "100")]
    [InlineData("--tokens", "100", "--seed", "42", "--short")]
    public void A_value_given_wins_over_short_in_any_order(params string[] args)
    {
        var options = ChaosCommandLine.Options(Valid(args), randomSeed: 1234);

        Assert.Equal(new ChaosOptions(100, TimeSpan.FromSeconds(130), Speed: 60, Seed: 42, Short: true), options);
    }

    [Theory]
    [InlineData("--bogus", "'--bogus'")]
    [InlineData("--tokens 0", "--tokens 0: must be above 0")]
    [InlineData("--tokens many", "'many'")]
    [InlineData("--minutes 0", "--minutes 0: must be above 0")]
    [InlineData("--speed -3", "--speed -3: must be above 0")]
    [InlineData("--seed", "--seed")]
    [InlineData("--seed x", "'x'")]
    [InlineData("--short true", "'true'")]
    [InlineData("--ha yes", "'yes'")]
    [InlineData("--minutes 1", "Lives last up to 108 s at speed 20: run longer, or faster.")]
    [InlineData("--short --speed 20", "Lives last up to 108 s at speed 20: run longer, or faster.")]
    public void Bad_switches_say_why_and_exit_2(string args, string said)
    {
        var (exitCode, output, error) = Answer(args.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(said, error, StringComparison.Ordinal);
        Assert.Contains("./chaos.sh --help", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("--tokens", "[default: 2000]", "--short: 300")]
    [InlineData("--minutes", "[default: 10]", "--short: 130 s")]
    [InlineData("--speed", "[default: 20]", "--short: 60")]
    [InlineData("--seed", "[default: random, printed in the report]", "")]
    [InlineData("--short", "[default: off]", "")]
    [InlineData("--ha", "[default: off]", "scripts/ha-services.sh")]
    public void Help_shows_each_switch_with_its_default(string name, string shownDefault, string shortValue)
    {
        var entry = ToolHelp.Entry(Answer("--help").Output, name);

        Assert.Contains(shownDefault, entry, StringComparison.Ordinal);
        Assert.Contains(shortValue, entry, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_switch_and_exits_0()
    {
        var (exitCode, output, error) = Answer("--help");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Contains("./chaos.sh [options]", output, StringComparison.Ordinal);
        ToolHelp.AssertListsEverySwitch(ChaosCommandLine.Tool, output);
    }

    [Theory]
    [InlineData(0, "--parse-only", "--short")]
    [InlineData(3, "--parse-only", "--help")]
    [InlineData(2, "--parse-only", "--minutes", "1")]
    [InlineData(null, "--short")]
    public void Parse_only_says_whether_the_script_may_start_services(int? expected, params string[] args)
    {
        Assert.Equal(expected, Answer(args).ExitCode);
    }

    private static System.CommandLine.ParseResult Valid(params string[] args)
    {
        var result = ChaosCommandLine.Parse(args);
        Assert.Empty(result.Errors);
        return result;
    }

    private static (int? ExitCode, string Output, string Error) Answer(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = ChaosCommandLine.Tool.Answer(ChaosCommandLine.Parse(args), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
