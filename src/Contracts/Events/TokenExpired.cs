namespace Tchek.Events.Contracts;

/// <summary>The vendor's <c>expired</c> flag became true (or was true at the first snapshot).</summary>
public sealed record TokenExpired : TokenEvent
{
    /// <summary>The token's expiry time (the vendor's <c>expiresIn</c>); null where the vendor sent none.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
