namespace Tchek.Events.Simulator.Lifecycles;

/// <summary>
/// From <paramref name="At"/> after the token's creation (in simulated time), the token shows
/// <paramref name="Status"/>, <paramref name="Expired"/> and <paramref name="PercentDamage"/>.
/// </summary>
internal sealed record LifecycleStep(TimeSpan At, int Status, bool Expired = false, decimal? PercentDamage = null);
