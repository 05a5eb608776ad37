namespace Tchek.Events.Contracts;

/// <summary><c>tchekPtr.percentDamage</c> changed from one value (null included) to another non-null one.</summary>
public sealed record DamageAssessed : TokenEvent
{
    /// <summary>The new damage figure.</summary>
    public decimal PercentDamage { get; init; }

    /// <summary>The figure before; null when this is the first assessment.</summary>
    public decimal? PreviousPercentDamage { get; init; }
}
