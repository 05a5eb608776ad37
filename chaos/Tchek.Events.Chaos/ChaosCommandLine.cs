using System.CommandLine;
using System.CommandLine.Parsing;
using Tchek.Events.Testing;
using static Tchek.Events.Testing.ToolCommandLine;

namespace Tchek.Events.Chaos;

/// <summary>
/// <c>./chaos.sh</c>'s switches. <c>--short</c> is the CI run; a value given on the command line
/// wins over what <c>--short</c> implies.
/// </summary>
internal static class ChaosCommandLine
{
    private static readonly ChaosOptions Long = ChaosOptions.Long, Short = ChaosOptions.ShortRun;

    private static readonly Option<int> TokensOption = Check(
        new Option<int>("--tokens")
        {
            Description = $"Simulated tokens, each with a random life, tracked by two pollers. --short: {Short.Tokens}.",
            DefaultValueFactory = _ => Long.Tokens,
        },
        tokens => tokens > 0,
        "must be above 0.");

    private static readonly Option<double> MinutesOption = Check(
        new Option<double>("--minutes")
        {
            Description = $"How long the faults go on, in minutes; lives must fit in it. --short: {Short.Duration.TotalSeconds} s.",
            DefaultValueFactory = _ => Long.Duration.TotalMinutes,
        },
        minutes => minutes > 0,
        "must be above 0.");

    private static readonly Option<double> SpeedOption = Check(
        new Option<double>("--speed")
        {
            Description = $"Simulated time per real time: a status step every 2 simulated minutes on average. --short: {Short.Speed}.",
            DefaultValueFactory = _ => Long.Speed,
        },
        speed => speed > 0,
        "must be above 0.");

    // No default value: a fresh one each run, which the report prints so a run can be replayed.
    private static readonly Option<int?> SeedOption = new("--seed")
    {
        Description = "The seed of the lives and the fault plan. [default: random, printed in the report]",
    };

    private static readonly Option<bool> ShortOption = new("--short")
    {
        Description = "The CI run: about 2.5 minutes, every fault kind at least once. [default: off]",
        Arity = ArgumentArity.Zero,
    };

    private static readonly Option<bool> HaOption = new("--ha")
    {
        Description = "Against the clusters of scripts/ha-services.sh: three RabbitMQ nodes and a Patroni PostgreSQL pair; "
            + "adds KillBrokerNode and FailoverDatabase in place of the single-node restarts. [default: off]",
        Arity = ArgumentArity.Zero,
    };

    public static ToolCommandLine Tool { get; } = new(
        "./chaos.sh",
        "The chaos run: two pollers over simulated tokens while pollers, RabbitMQ and PostgreSQL are killed, paused or cut off and the vendor misbehaves; "
            + "then every event is checked. Exit 0: nothing lost, invented, gapped, out of order, or asked before a Retry-After. "
            + "Starts its own PostgreSQL cluster (port 5433) and RabbitMQ node (port 5673); with --ha, the clusters of scripts/ha-services.sh.",
        [TokensOption, MinutesOption, SpeedOption, SeedOption, ShortOption, HaOption],
        Validate);

    public static ParseResult Parse(params string[] args) => Tool.Parse(args);

    /// <summary>The run's settings; <paramref name="randomSeed"/> when no --seed is given.</summary>
    public static ChaosOptions Options(ParseResult result, int randomSeed) => Options(result.CommandResult, randomSeed);

    private static ChaosOptions Options(SymbolResult command, int randomSeed)
    {
        var preset = command.GetValue(ShortOption) ? Short : Long;
        return preset with
        {
            Tokens = ValueOr(command, TokensOption, preset.Tokens),
            Duration = TimeSpan.FromMinutes(ValueOr(command, MinutesOption, preset.Duration.TotalMinutes)),
            Speed = ValueOr(command, SpeedOption, preset.Speed),
            Seed = command.GetValue(SeedOption) ?? randomSeed,
            Ha = command.GetValue(HaOption),
        };
    }

    private static void Validate(CommandResult command)
    {
        ChaosOptions options;
        try
        {
            options = Options(command, randomSeed: 0);
        }
        catch (InvalidOperationException)
        {
            return; // a value that does not parse: its own error says so
        }

        if (options is { Duration.Ticks: > 0, Speed: > 0 } && options.TooShort is { } problem)
        {
            command.AddError(problem);
        }
    }
}
