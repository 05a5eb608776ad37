using System.Globalization;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary><c>./bench.sh --efficiency [--lives N] [--speed S] [--seed N] [--short] [--docs]</c>.</summary>
internal sealed record EfficiencyOptions(int Lives, double Speed, int Seed, bool Short, bool Docs)
{
    /// <summary>
    /// 360: a simulated day takes 4 real minutes, so the longest lives (3 days of validity, then a
    /// validation after expiry) end within about 20 minutes; a 10 ms claim loop is then 3.6 simulated
    /// seconds, small against the 30 s active interval. docs/benchmarks.md says the same.
    /// </summary>
    public const double DefaultSpeed = 360;

    public const string Usage = "./bench.sh --efficiency [--lives 100] [--speed 360] [--seed 1] [--short] [--docs]";

    public static EfficiencyOptions Parse(IReadOnlyList<string> args)
    {
        // TCHEK_BENCH_DOCS=1 writes the plot to docs/ as --docs does.
        var options = new EfficiencyOptions(100, DefaultSpeed, 1, Short: false, Docs: Environment.GetEnvironmentVariable("TCHEK_BENCH_DOCS") == "1");
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--efficiency" => options,
                "--lives" => options with { Lives = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--speed" => options with { Speed = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                // For CI: about a minute of lives; proves the tool works, asserts nothing about the figures.
                "--short" => options with { Lives = 4, Speed = 7_200, Short = true },
                "--docs" => options with { Docs = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }

        return options switch
        {
            { Lives: < 1 or > 10_000 } => throw new ArgumentException($"--lives {options.Lives}: 1 to 10,000 per family."),
            { Speed: <= 0 or > 100_000 } => throw new ArgumentException($"--speed {options.Speed}: above 0, at most 100,000 (the simulator's limit)."),
            _ => options,
        };
    }
}
