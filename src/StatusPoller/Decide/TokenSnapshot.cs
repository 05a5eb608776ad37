namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// One valid answer of the vendor for one token, typed. <see cref="TokenJson"/> keeps the whole
/// <c>token</c> object as received (unknown fields included) for storage.
/// </summary>
internal sealed record TokenSnapshot
{
    public required string Uid { get; init; }
    public required int Status { get; init; }
    public DateTimeOffset? StatusUpdatedAt { get; init; }
    public bool Expired { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? InspectionId { get; init; }
    public decimal? PercentDamage { get; init; }
    public string? VehicleId { get; init; }
    public string? CustomerId { get; init; }
    public string? CreatorUserId { get; init; }
    public string? ApiTokenId { get; init; }
    public int? SendingType { get; init; }
    public TokenOptions? Options { get; init; }
    public required string TokenJson { get; init; }

    /// <summary>
    /// The typed facts are the same, ignoring <see cref="UpdatedAt"/> (which the vendor bumps for
    /// any change) and the raw JSON (whose key order and spacing carry no fact).
    /// </summary>
    public bool SameFactsAs(TokenSnapshot other) =>
        this with { UpdatedAt = null, TokenJson = string.Empty } == other with { UpdatedAt = null, TokenJson = string.Empty };
}
