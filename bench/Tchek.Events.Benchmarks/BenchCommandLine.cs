using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Tchek.Events.Benchmarks.Efficiency;
using Tchek.Events.Benchmarks.Guard;
using static Tchek.Events.Testing.ToolCommandLine;

namespace Tchek.Events.Benchmarks;

/// <summary>
/// <c>./bench.sh</c>'s switches. Four runs: the poller bench (the default), <c>--micro</c>,
/// <c>--efficiency</c> and <c>--guard</c>; <c>--short</c> shrinks the first or the third, and a value
/// given on the command line wins over what <c>--short</c> implies.
/// </summary>
internal static class BenchCommandLine
{
    private static readonly BenchOptions Full = BenchOptions.Full, Short = BenchOptions.ShortRun;
    private static readonly EfficiencyOptions EfficiencyFull = EfficiencyOptions.Full, EfficiencyShort = EfficiencyOptions.ShortRun;

    // A string, so that --help shows the default as it is typed.
    private static readonly Option<string> TokensOption = Check(
        new Option<string>("--tokens")
        {
            Description = $"Token counts, comma-separated: one poller run of unchanged polls and one database limit each. --short: {Join(Short.Tokens)}.",
            HelpName = "n,n,...",
            DefaultValueFactory = _ => Join(Full.Tokens),
        },
        tokens => Counts(tokens) is not null,
        "a comma-separated list of whole numbers above 0, such as 1000,10000.");

    private static readonly Option<double> SecondsOption = Check(
        new Option<double>("--seconds")
        {
            Description = $"The window each figure is measured over, in seconds, after a 3 s warm-up. --short: {Short.Window.TotalSeconds}.",
            DefaultValueFactory = _ => Full.Window.TotalSeconds,
        },
        seconds => seconds > 0,
        "must be above 0.");

    private static readonly Option<int> ChangedOption = Check(
        new Option<int>("--changed")
        {
            Description = $"Tokens whose every poll is a change (then polled every 1, 2 and 4 s); 0 skips these figures. --short: {Short.Changed}.",
            DefaultValueFactory = _ => Full.Changed,
        },
        changed => changed >= 0,
        "must be 0 or more.");

    private static readonly Option<int> StorageOption = Check(
        new Option<int>("--storage")
        {
            Description = $"Tokens stored for the claim-and-write figure; 0 skips it. --short: {Short.Storage}.",
            DefaultValueFactory = _ => Full.Storage,
        },
        storage => storage >= 0,
        "must be 0 or more.");

    private static readonly Option<bool> ShortOption = Flag(
        "--short", "Seconds, not minutes: proves the tool runs and asserts nothing about speed (CI). Shrinks the poller bench or --efficiency as each switch says.");

    private static readonly Option<bool> PartsOption = Flag(
        "--parts", "What each optional part (library meters, tracing, request budget, indexes...) costs an unchanged poll: each on and off in the same run, at the first --tokens count (~1 minute per part and round).");

    private static readonly Option<string> PartOption = new("--part")
    {
        Description = "With --parts: only the parts whose name contains this text. [default: every part]",
        HelpName = "text",
    };

    private static readonly Option<int> RoundsOption = Check(
        new Option<int>("--rounds")
        {
            Description = "With --parts: runs on each side of each part (alternating on, off, off, on).",
            DefaultValueFactory = _ => 2,
        },
        rounds => rounds > 0,
        "must be above 0.");

    private static readonly Option<bool> MicroOption = Flag(
        "--micro", "BenchmarkDotNet: parse + detect per payload, in process; needs no service and takes no other switch.");

    private static readonly Option<bool> EfficiencyOption = Flag(
        "--efficiency", "Requests and detection delay, the Fixed policy against Adaptive, over the same simulated lives (~20 minutes).");

    private static readonly Option<bool> GuardOption = Flag(
        "--guard", "The CI guard: figures of an unchanged poll that do not depend on the machine (allocated bytes, statements, round trips, index entries), against bench/baseline.json; exits 1 naming each that grew (~1 minute).");

    private static readonly Option<bool> UpdateBaselineOption = Flag(
        "--update-baseline", "With --guard: measure and write bench/baseline.json instead of comparing (for a change that adds per-poll work on purpose).");

    private static readonly Option<int> LivesOption = Check(
        new Option<int>("--lives")
        {
            Description = $"With --efficiency: lives per family. --short: {EfficiencyShort.Lives}.",
            DefaultValueFactory = _ => EfficiencyFull.Lives,
        },
        lives => lives is >= 1 and <= EfficiencyOptions.MaxLives,
        $"1 to {EfficiencyOptions.MaxLives.ToString("N0", CultureInfo.InvariantCulture)} per family.");

    private static readonly Option<double> SpeedOption = Check(
        new Option<double>("--speed")
        {
            Description = $"With --efficiency: simulated time per real time (360: a simulated day in 4 minutes). --short: {EfficiencyShort.Speed}.",
            DefaultValueFactory = _ => EfficiencyFull.Speed,
        },
        speed => speed is > 0 and <= EfficiencyOptions.MaxSpeed,
        $"above 0, at most {EfficiencyOptions.MaxSpeed.ToString("N0", CultureInfo.InvariantCulture)} (the simulator's limit).");

    private static readonly Option<int> SeedOption = new("--seed")
    {
        Description = "With --efficiency: the seed of the simulated lives.",
        DefaultValueFactory = _ => EfficiencyFull.Seed,
    };

    private static readonly Option<bool> DocsOption = new("--docs")
    {
        Description = "With --efficiency: write the plot to docs/efficiency.png instead of TestResults/. [default: off; on when TCHEK_BENCH_DOCS=1]",
        Arity = ArgumentArity.Zero,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TCHEK_BENCH_DOCS") == "1",
    };

    private static readonly Option[] PollerBenchOnly = [TokensOption, SecondsOption, ChangedOption, StorageOption, PartsOption, PartOption, RoundsOption];
    private static readonly Option[] EfficiencyOnly = [LivesOption, SpeedOption, SeedOption, DocsOption];

    public static ToolCommandLine Tool { get; } = new(
        "./bench.sh",
        "The bench: the poller's figures against this machine's own limits, as a Markdown table. Starts PostgreSQL and RabbitMQ (scripts/services.sh) unless --micro.",
        [TokensOption, SecondsOption, ChangedOption, StorageOption, PartsOption, PartOption, RoundsOption, ShortOption, MicroOption, EfficiencyOption, LivesOption, SpeedOption, SeedOption, DocsOption, GuardOption, UpdateBaselineOption],
        Validate);

    public static ParseResult Parse(params string[] args) => Tool.Parse(args);

    /// <summary>The guard's settings, or null when the command line does not ask for it.</summary>
    public static GuardOptions? Guard(ParseResult result) =>
        result.GetValue(GuardOption) ? new GuardOptions(result.GetValue(UpdateBaselineOption)) : null;

    /// <summary>The efficiency run's settings, or null when the command line does not ask for it.</summary>
    public static EfficiencyOptions? Efficiency(ParseResult result)
    {
        if (!result.GetValue(EfficiencyOption))
        {
            return null;
        }

        var preset = result.GetValue(ShortOption) ? EfficiencyShort : EfficiencyFull;
        return preset with
        {
            Lives = ValueOr(result.CommandResult, LivesOption, preset.Lives),
            Speed = ValueOr(result.CommandResult, SpeedOption, preset.Speed),
            Seed = result.GetValue(SeedOption),
            Docs = result.GetValue(DocsOption),
        };
    }

    /// <summary>The poller bench's settings (or <c>--micro</c>'s).</summary>
    public static BenchOptions Bench(ParseResult result)
    {
        var preset = result.GetValue(ShortOption) ? Short : Full;
        return preset with
        {
            Tokens = Given(result.CommandResult, TokensOption) ? Counts(result.GetValue(TokensOption)!)! : preset.Tokens,
            Window = TimeSpan.FromSeconds(ValueOr(result.CommandResult, SecondsOption, preset.Window.TotalSeconds)),
            Changed = ValueOr(result.CommandResult, ChangedOption, preset.Changed),
            Storage = ValueOr(result.CommandResult, StorageOption, preset.Storage),
            Micro = result.GetValue(MicroOption),
            Parts = result.GetValue(PartsOption),
            Part = result.GetValue(PartOption),
            Rounds = result.GetValue(RoundsOption),
        };
    }

    private static void Validate(CommandResult command)
    {
        var given = command.Children.OfType<OptionResult>().Where(o => !o.Implicit && !o.Option.Hidden).Select(o => o.Option).ToList();
        if (Given(command, MicroOption) && given.FirstOrDefault(o => o != MicroOption) is { } other)
        {
            command.AddError($"--micro takes no other switch (got {other.Name}).");
        }
        else if (Given(command, GuardOption))
        {
            if (given.FirstOrDefault(o => o != GuardOption && o != UpdateBaselineOption) is { } extra)
            {
                command.AddError($"--guard takes no other switch but --update-baseline (got {extra.Name}).");
            }
        }
        else if (Given(command, UpdateBaselineOption))
        {
            command.AddError("--update-baseline needs --guard.");
        }
        else if (Given(command, EfficiencyOption))
        {
            foreach (var option in given.Intersect(PollerBenchOnly))
            {
                command.AddError($"{option.Name} is the poller bench's, not --efficiency's.");
            }
        }
        else
        {
            foreach (var option in given.Intersect(EfficiencyOnly))
            {
                command.AddError($"{option.Name} needs --efficiency.");
            }
        }
    }

    // Help shows no default for a switch without a value: the description says it.
    private static Option<bool> Flag(string name, string description) => new(name)
    {
        Description = $"{description} [default: off]",
        Arity = ArgumentArity.Zero,
        DefaultValueFactory = _ => false,
    };

    private static List<int>? Counts(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
            {
                return null;
            }

            counts.Add(count);
        }

        return counts;
    }

    private static string Join(IEnumerable<int> values) => string.Join(',', values);
}
