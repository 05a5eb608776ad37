namespace Tchek.Events.Simulator;

/// <summary>Section <c>Simulator</c>.</summary>
internal sealed class SimulatorOptions : IValidatableObject
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

    /// <summary>A file that keeps the tokens across a restart (see the manual's "The vendor simulator"); its directory must exist; none = tokens live as long as the process.</summary>
    public string? StatePath { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StatePath is null)
        {
            yield break;
        }

        string? full = null;
        try
        {
            full = string.IsNullOrWhiteSpace(StatePath) ? null : Path.GetFullPath(StatePath);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
        }

        if (full is null)
        {
            yield return new ValidationResult($"Simulator:StatePath '{StatePath}' is not a file path.", [nameof(StatePath)]);
        }
        else if (Directory.Exists(full))
        {
            yield return new ValidationResult($"Simulator:StatePath '{full}' is a directory; name a file in it.", [nameof(StatePath)]);
        }
        else if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            yield return new ValidationResult($"Simulator:StatePath '{full}': its directory does not exist.", [nameof(StatePath)]);
        }
    }
}
