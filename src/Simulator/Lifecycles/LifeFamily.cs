namespace Tchek.Events.Simulator.Lifecycles;

/// <summary>The kinds of customer the efficiency bench plays (docs/benchmarks.md gives their distributions).</summary>
internal enum LifeFamily
{
    /// <summary>Opens within the hour, shoots in minutes; staff validate round the clock within hours.</summary>
    Prompt,

    /// <summary>Opens after hours, often pauses mid-session; staff take most of a working day.</summary>
    Slow,

    /// <summary>Links sent in a morning burst; customers and staff act only in office hours, nothing at night.</summary>
    Office,
}

/// <summary>
/// One generated life: the token is created <paramref name="Start"/> after the run starts (simulated
/// time), follows <paramref name="Steps"/> (offsets from its creation) and is valid for <paramref name="ValidFor"/>.
/// </summary>
internal sealed record FamilyLife(LifeFamily Family, TimeSpan Start, IReadOnlyList<LifecycleStep> Steps, TimeSpan ValidFor);
