namespace Tchek.Events.Simulator.Lifecycles;

/// <summary>A log-normal duration: <paramref name="Median"/> × e^(<paramref name="Sigma"/> × N(0, 1)), at most <paramref name="Max"/>.</summary>
internal sealed record LogNormal(TimeSpan Median, double Sigma, TimeSpan? Max = null)
{
    public TimeSpan Draw(Random random)
    {
        // Box-Muller: a standard normal from two uniform draws.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var value = Median * Math.Exp(Sigma * normal);
        return Max is { } max && value > max ? max : value;
    }
}

/// <summary>
/// One family's distributions, in simulated time (office time for the office family: only the hours
/// 08:00 to 18:00 count). docs/benchmarks.md lists them; change both together.
/// </summary>
internal sealed record LifeFamilyParameters(
    double NeverOpens,
    LogNormal Open,
    double ChaseUpPrompts,
    LogNormal Reaction,
    LogNormal FirstPicture,
    LogNormal Pictures,
    double Pauses,
    LogNormal Pause,
    double Abandons,
    LogNormal ValidationWait,
    LogNormal Validating,
    double DamageWithValidationStart)
{
    /// <summary>Every family's links are valid this long: short enough that every life ends within a run.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(3);

    /// <summary>Lives start spread over this much time after the run starts (the office family's morning burst: 08:00 to 09:00).</summary>
    public static readonly TimeSpan StartSpread = TimeSpan.FromHours(1);

    public static LifeFamilyParameters Of(LifeFamily family) => family switch
    {
        LifeFamily.Prompt => new(
            NeverOpens: 0.05,
            Open: new(TimeSpan.FromMinutes(20), 1.0),
            ChaseUpPrompts: 0.5,
            Reaction: new(TimeSpan.FromHours(1), 0.8),
            FirstPicture: new(TimeSpan.FromMinutes(2), 0.5),
            Pictures: new(TimeSpan.FromMinutes(8), 0.4),
            Pauses: 0.05,
            Pause: new(TimeSpan.FromHours(2), 0.8),
            Abandons: 0.05,
            ValidationWait: new(TimeSpan.FromHours(2), 0.8, TimeSpan.FromHours(20)),
            Validating: new(TimeSpan.FromMinutes(5), 0.5, TimeSpan.FromHours(2)),
            DamageWithValidationStart: 0.3),
        LifeFamily.Slow => new(
            NeverOpens: 0.15,
            Open: new(TimeSpan.FromHours(8), 1.0),
            ChaseUpPrompts: 0.4,
            Reaction: new(TimeSpan.FromHours(3), 0.8),
            FirstPicture: new(TimeSpan.FromMinutes(10), 1.0),
            Pictures: new(TimeSpan.FromMinutes(25), 0.6),
            Pauses: 0.3,
            Pause: new(TimeSpan.FromHours(4), 1.0),
            Abandons: 0.15,
            ValidationWait: new(TimeSpan.FromHours(6), 0.7, TimeSpan.FromHours(20)),
            Validating: new(TimeSpan.FromMinutes(10), 0.6, TimeSpan.FromHours(2)),
            DamageWithValidationStart: 0.3),
        LifeFamily.Office => new(
            NeverOpens: 0.10,
            Open: new(TimeSpan.FromHours(2), 1.0),
            ChaseUpPrompts: 0.5,
            Reaction: new(TimeSpan.FromHours(1), 0.8),
            FirstPicture: new(TimeSpan.FromMinutes(5), 0.6),
            Pictures: new(TimeSpan.FromMinutes(15), 0.5),
            Pauses: 0.15,
            Pause: new(TimeSpan.FromHours(3), 0.8),
            Abandons: 0.10,
            ValidationWait: new(TimeSpan.FromHours(3), 0.8, TimeSpan.FromHours(10)),
            Validating: new(TimeSpan.FromMinutes(10), 0.5, TimeSpan.FromHours(2)),
            DamageWithValidationStart: 0.3),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "No such family."),
    };
}
