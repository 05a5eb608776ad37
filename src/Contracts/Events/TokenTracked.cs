namespace Tchek.Events.Contracts;

/// <summary>
/// Tracking began and the first valid snapshot was stored. Always the token's event number 1;
/// carries the full first state, so a consumer that starts here knows where the token stands.
/// </summary>
public sealed record TokenTracked : TokenEvent
{
    /// <summary>The vendor's <c>tradeinStatusUpdatedAt</c>: when the current status was set.</summary>
    public DateTimeOffset? StatusUpdatedAt { get; init; }

    /// <summary>The vendor's <c>expired</c> flag at the first snapshot.</summary>
    public bool Expired { get; init; }

    /// <summary>The token's expiry time (the vendor's <c>expiresIn</c>).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The damage figure (<c>tchekPtr.percentDamage</c>); null until assessed.</summary>
    public decimal? PercentDamage { get; init; }

    /// <summary>How the link was sent (<c>sendingType</c>): one of <see cref="TokenSendingTypes"/>; null where the vendor sent none.</summary>
    public int? SendingType { get; init; }

    /// <summary>What the token grants (<c>options</c>); null where the vendor sent none.</summary>
    public TokenOptions? Options { get; init; }

    /// <summary>The API token of the company that issued the token (<c>APITokenPtr.id</c>).</summary>
    public string? ApiTokenId { get; init; }

    /// <summary>When the vendor created the token (<c>createdAt</c>).</summary>
    public DateTimeOffset? TokenCreatedAt { get; init; }
}
