extern alias bench;

using bench::Tchek.Events.Benchmarks;
using bench::Tchek.Events.Benchmarks.Efficiency;
using bench::Tchek.Events.Benchmarks.Guard;

namespace Tchek.Events.UnitTests.Benchmarks;

public sealed class BenchCommandLineTests
{
    [Fact]
    public void No_switch_is_the_full_poller_bench()
    {
        var result = Valid();

        Assert.Null(BenchCommandLine.Efficiency(result));
        var options = BenchCommandLine.Bench(result);
        Assert.Equal([1_000, 10_000, 100_000], options.Tokens);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Window);
        Assert.Equal(1_000, options.Changed);
        Assert.Equal(1_000_000, options.Storage);
        Assert.False(options.Micro);
        Assert.False(options.Short);
    }

    [Fact]
    public void Each_poller_bench_switch_sets_its_figure()
    {
        var options = BenchCommandLine.Bench(Valid("--tokens", "1000,10000", "--seconds", "2.5", "--changed", "0", "--storage", "42"));

        Assert.Equal([1_000, 10_000], options.Tokens);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Window);
        Assert.Equal(0, options.Changed);
        Assert.Equal(42, options.Storage);
    }

    [Fact]
    public void Parts_asks_for_each_part_on_and_off_at_the_first_token_count()
    {
        var options = BenchCommandLine.Bench(Valid("--parts", "--tokens", "500", "--part", "meter", "--rounds", "3"));

        Assert.True(options.Parts);
        Assert.Equal("meter", options.Part);
        Assert.Equal(3, options.Rounds);
        Assert.Equal([500], options.Tokens);
        Assert.False(BenchCommandLine.Bench(Valid()).Parts);
        Assert.Equal(2, BenchCommandLine.Bench(Valid("--parts")).Rounds);
    }

    [Fact]
    public void Short_shrinks_every_figure_for_ci()
    {
        var options = BenchCommandLine.Bench(Valid("--short"));

        Assert.Equal([200], options.Tokens);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Window);
        Assert.Equal(200, options.Changed);
        Assert.Equal(0, options.Storage);
        Assert.True(options.Short);
    }

    [Theory]
    [InlineData("--short", "--tokens", "500")]
    [InlineData("--tokens", "500", "--short")]
    public void A_value_given_wins_over_short_in_any_order(params string[] args)
    {
        var options = BenchCommandLine.Bench(Valid(args));

        Assert.Equal([500], options.Tokens);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Window);
        Assert.True(options.Short);
    }

    [Fact]
    public void Micro_asks_for_benchmarkdotnet_alone()
    {
        var result = Valid("--micro");

        Assert.True(BenchCommandLine.Bench(result).Micro);
        Assert.Null(BenchCommandLine.Efficiency(result));
    }

    [Fact]
    public void Efficiency_has_its_defaults_and_its_short_form()
    {
        var full = BenchCommandLine.Efficiency(Valid("--efficiency"));
        var ci = BenchCommandLine.Efficiency(Valid("--efficiency", "--short"));

        Assert.Equal(new EfficiencyOptions(100, 360, 1, Short: false, Docs: full!.Docs), full);
        Assert.Equal(new EfficiencyOptions(4, 7_200, 1, Short: true, Docs: ci!.Docs), ci);
    }

    [Fact]
    public void Each_efficiency_switch_sets_its_value()
    {
        var options = BenchCommandLine.Efficiency(Valid("--efficiency", "--lives", "50", "--speed", "720", "--seed", "7", "--docs", "--short"));

        Assert.Equal(new EfficiencyOptions(50, 720, 7, Short: true, Docs: true), options);
    }

    [Fact]
    public void Guard_compares_and_update_baseline_records()
    {
        Assert.Equal(new GuardOptions(UpdateBaseline: false), BenchCommandLine.Guard(Valid("--guard")));
        Assert.Equal(new GuardOptions(UpdateBaseline: true), BenchCommandLine.Guard(Valid("--update-baseline", "--guard")));
        Assert.Null(BenchCommandLine.Guard(Valid("--short")));
        Assert.Null(BenchCommandLine.Efficiency(Valid("--guard")));
    }

    [Theory]
    [InlineData("--bogus", "'--bogus'")]
    [InlineData("--tokens 1000,x", "--tokens 1000,x: a comma-separated list")]
    [InlineData("--tokens 0", "--tokens 0:")]
    [InlineData("--tokens", "--tokens")]
    [InlineData("--seconds fast", "'fast'")]
    [InlineData("--seconds 0", "--seconds 0: must be above 0")]
    [InlineData("--changed -1", "--changed -1: must be 0 or more")]
    [InlineData("--storage -5", "--storage -5: must be 0 or more")]
    [InlineData("--micro --short", "--micro takes no other switch (got --short)")]
    [InlineData("--micro --tokens 10", "--micro takes no other switch (got --tokens)")]
    [InlineData("--micro false", "'false'")]
    [InlineData("--efficiency --micro", "--micro takes no other switch (got --efficiency)")]
    [InlineData("--efficiency --tokens 10", "--tokens is the poller bench's, not --efficiency's")]
    [InlineData("--efficiency --storage 0", "--storage is the poller bench's, not --efficiency's")]
    [InlineData("--efficiency --parts", "--parts is the poller bench's, not --efficiency's")]
    [InlineData("--parts --rounds 0", "--rounds 0: must be above 0")]
    [InlineData("--lives 5", "--lives needs --efficiency")]
    [InlineData("--short --seed 3", "--seed needs --efficiency")]
    [InlineData("--docs", "--docs needs --efficiency")]
    [InlineData("--efficiency --lives 0", "--lives 0: 1 to 10,000 per family")]
    [InlineData("--efficiency --lives 10001", "--lives 10001: 1 to 10,000 per family")]
    [InlineData("--efficiency --speed 0", "--speed 0: above 0, at most 100,000")]
    [InlineData("--efficiency --speed 100001", "--speed 100001: above 0")]
    [InlineData("--guard --short", "--guard takes no other switch but --update-baseline (got --short)")]
    [InlineData("--guard --tokens 10", "--guard takes no other switch but --update-baseline (got --tokens)")]
    [InlineData("--guard --efficiency", "--guard takes no other switch but --update-baseline (got --efficiency)")]
    [InlineData("--update-baseline", "--update-baseline needs --guard")]
    [InlineData("--short --update-baseline", "--update-baseline needs --guard")]
    public void Bad_switches_say_why_and_exit_2(string args, string said)
    {
        var (exitCode, output, error) = Answer(args.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(said, error, StringComparison.Ordinal);
        Assert.Contains("./bench.sh --help", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("--tokens", "[default: 1000,10000,100000]", "--short: 200")]
    [InlineData("--seconds", "[default: 15]", "--short: 3")]
    [InlineData("--changed", "[default: 1000]", "--short: 200")]
    [InlineData("--storage", "[default: 1000000]", "--short: 0")]
    [InlineData("--short", "[default: off]", "")]
    [InlineData("--micro", "[default: off]", "")]
    [InlineData("--parts", "[default: off]", "")]
    [InlineData("--rounds", "[default: 2]", "")]
    [InlineData("--efficiency", "[default: off]", "")]
    [InlineData("--lives", "[default: 100]", "--short: 4")]
    [InlineData("--speed", "[default: 360]", "--short: 7200")]
    [InlineData("--seed", "[default: 1]", "")]
    [InlineData("--docs", "[default: off", "")]
    [InlineData("--guard", "[default: off]", "bench/baseline.json")]
    [InlineData("--update-baseline", "[default: off]", "With --guard")]
    public void Help_shows_each_switch_with_its_default(string name, string shownDefault, string shortValue)
    {
        var entry = ToolHelp.Entry(Help(), name);

        Assert.Contains(shownDefault, entry, StringComparison.Ordinal);
        Assert.Contains(shortValue, entry, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_switch_and_exits_0()
    {
        var (exitCode, output, error) = Answer("--help");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Contains("./bench.sh [options]", output, StringComparison.Ordinal);
        ToolHelp.AssertListsEverySwitch(BenchCommandLine.Tool, output);
    }

    [Theory]
    [InlineData(0, "--parse-only", "--short")]
    [InlineData(0, "--efficiency", "--short", "--parse-only")]
    [InlineData(3, "--parse-only", "--help")]
    [InlineData(3, "-h", "--parse-only")]
    [InlineData(2, "--parse-only", "--lives", "3")]
    [InlineData(0, "--parse-only", "--guard", "--update-baseline")]
    public void Parse_only_says_whether_the_script_may_start_services(int expected, params string[] args)
    {
        Assert.Equal(expected, Answer(args).ExitCode);
    }

    [Fact]
    public void A_valid_command_line_runs()
    {
        Assert.Null(Answer("--short").ExitCode);
    }

    private static string Help() => Answer("--help").Output;

    private static System.CommandLine.ParseResult Valid(params string[] args)
    {
        var result = BenchCommandLine.Parse(args);
        Assert.Empty(result.Errors);
        return result;
    }

    private static (int? ExitCode, string Output, string Error) Answer(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = BenchCommandLine.Tool.Answer(BenchCommandLine.Parse(args), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
