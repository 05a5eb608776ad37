using System.Globalization;

namespace Tchek.Events.Benchmarks;

internal sealed record BenchOptions(IReadOnlyList<int> Tokens, TimeSpan Window, int Changed, int Storage, bool Micro, bool Short)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions([1_000, 10_000, 100_000], TimeSpan.FromSeconds(15), 1_000, 1_000_000, Micro: false, Short: false);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--tokens" => options with { Tokens = [.. Next().Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] },
                "--seconds" => options with { Window = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--changed" => options with { Changed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--storage" => options with { Storage = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--micro" => options with { Micro = true },
                // For CI: seconds, not minutes; proves the tool runs, asserts nothing about speed.
                "--short" => options with { Tokens = [200], Window = TimeSpan.FromSeconds(3), Changed = 200, Storage = 0, Short = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --tokens 1000,10000 --seconds 15 --changed 1000 --storage 1000000 --short --micro"),
            };
        }

        return options;
    }
}
