using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.Simulator;

/// <summary>Section <c>Simulator</c>.</summary>
internal sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>How much faster than real time lifecycles run (10: a minute of life takes 6 s).</summary>
    [Range(0.001, 100_000)]
    public double Speed { get; set; } = 1;

    /// <summary>Mean time between two steps of a random life, in simulated time.</summary>
    public TimeSpan MeanStep { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a token is valid (its <c>expiresIn</c>), in simulated time.</summary>
    public TimeSpan ValidFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Seed of the random lives and faults; 0 = a new seed each run.</summary>
    public int Seed { get; set; }
}
