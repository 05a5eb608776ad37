namespace Tchek.Events.Contracts;

/// <summary>
/// The fields every token event but <see cref="TokenErased"/> carries, declared once. Subscribe to <see cref="ITokenEvent"/>
/// (or a concrete event), not to this class: it is an implementation convenience and has no
/// exchange of its own.
/// </summary>
public abstract record TokenEvent : ITokenEvent
{
    /// <inheritdoc />
    public Guid EventId { get; init; }

    /// <inheritdoc />
    public string TokenUid { get; init; } = string.Empty;

    /// <inheritdoc />
    public long Sequence { get; init; }

    /// <inheritdoc />
    public int Status { get; init; }

    /// <inheritdoc />
    public DateTimeOffset OccurredAt { get; init; }

    /// <inheritdoc />
    public DateTimeOffset ObservedAt { get; init; }

    /// <inheritdoc />
    public bool Inferred { get; init; }

    /// <inheritdoc />
    public string? InspectionId { get; init; }

    /// <inheritdoc />
    public string? VehicleId { get; init; }

    /// <inheritdoc />
    public string? CustomerId { get; init; }

    /// <inheritdoc />
    public string? CreatorUserId { get; init; }
}
