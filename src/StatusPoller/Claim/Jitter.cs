namespace Tchek.Events.StatusPoller.Claim;

/// <summary>The source of jitter draws, injected so tests can fix them.</summary>
internal interface IJitter
{
    /// <summary>A draw in [-1, 1].</summary>
    double Next();
}

internal sealed class RandomJitter : IJitter
{
    public double Next() => (Random.Shared.NextDouble() * 2) - 1;
}
