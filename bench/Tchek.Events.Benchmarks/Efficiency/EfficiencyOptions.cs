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

    /// <summary>The most lives per family, and the simulator's highest speed.</summary>
    public const int MaxLives = 10_000;

    public const double MaxSpeed = 100_000;

    /// <summary>The full run, about 20 minutes.</summary>
    public static EfficiencyOptions Full { get; } = new(100, DefaultSpeed, 1, Short: false, Docs: false);

    /// <summary>For CI: about a minute of lives; proves the tool works, asserts nothing about the figures.</summary>
    public static EfficiencyOptions ShortRun { get; } = Full with { Lives = 4, Speed = 7_200, Short = true };
}
