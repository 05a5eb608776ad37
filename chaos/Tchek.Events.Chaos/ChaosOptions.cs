using System.Globalization;

namespace Tchek.Events.Chaos;

/// <summary>One chaos run: how many tokens, how long the faults go on, how fast lives run.</summary>
internal sealed record ChaosOptions(int Tokens, TimeSpan Duration, double Speed, int Seed, bool Short)
{
    /// <summary>The simulator's mean step between two statuses (2 simulated minutes) in real time.</summary>
    public TimeSpan MeanStep => TimeSpan.FromMinutes(2) / Speed;

    /// <summary>The longest random life (up to 12 steps of at most 1.5 mean steps), in real time.</summary>
    public TimeSpan LongestLife => MeanStep * 1.5 * 12;

    /// <summary>How often each token is polled.</summary>
    public TimeSpan Interval => Short ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);

    /// <summary>A poller's claim: a paused poller is paused longer than this.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(5);

    /// <summary>How long one publish waits for its confirm (the poller's default): a broker partition lasts longer.</summary>
    public TimeSpan PublishTimeout => TimeSpan.FromSeconds(10);

    public static ChaosOptions Parse(string[] args)
    {
        var options = new ChaosOptions(2_000, TimeSpan.FromMinutes(10), Speed: 20, Seed: Environment.TickCount, Short: false);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--tokens" => options with { Tokens = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--minutes" => options with { Duration = TimeSpan.FromMinutes(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--speed" => options with { Speed = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                // For CI: every fault kind at least once in about two minutes.
                "--short" => options with { Tokens = 300, Duration = TimeSpan.FromSeconds(130), Speed = 60, Short = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --short | --tokens 2000 --minutes 10 --speed 20 --seed 42"),
            };
        }

        if (options.LongestLife * 1.5 > options.Duration)
        {
            throw new ArgumentException($"Lives last up to {options.LongestLife.TotalSeconds:0} s at speed {options.Speed}: run longer, or faster.");
        }

        return options;
    }
}
