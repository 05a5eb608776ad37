namespace Tchek.Events.Benchmarks;

/// <summary>One bench run: the token counts, the measuring window, and the extra figures' sizes.</summary>
internal sealed record BenchOptions(IReadOnlyList<int> Tokens, TimeSpan Window, int Changed, int Storage, bool Micro, bool Short)
{
    /// <summary><c>--parts</c>: each optional part's cost, on and off (<see cref="PartsRun"/>).</summary>
    public bool Parts { get; init; }

    /// <summary><c>--part</c>: only the parts whose name contains it.</summary>
    public string? Part { get; init; }

    /// <summary><c>--rounds</c>: runs on each side of each part.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>The full run, about 10 minutes.</summary>
    public static BenchOptions Full { get; } = new([1_000, 10_000, 100_000], TimeSpan.FromSeconds(15), 1_000, 1_000_000, Micro: false, Short: false);

    /// <summary>For CI: seconds, not minutes; proves the tool runs, asserts nothing about speed.</summary>
    public static BenchOptions ShortRun { get; } = new([200], TimeSpan.FromSeconds(3), 200, 0, Micro: false, Short: true);
}
