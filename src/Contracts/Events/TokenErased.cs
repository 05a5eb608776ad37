namespace Tchek.Events.Contracts;

/// <summary>
/// The token was erased at its customer's request: delete everything you hold about it (rows, files,
/// copies keyed by <see cref="TokenUid"/>). Always the token's last event; nothing of the token follows
/// it, and events before it that were not published yet never will be, so a gap just before it is not
/// to be caught up. Carries no personal id: <see cref="ITokenEvent.InspectionId"/>,
/// <see cref="ITokenEvent.VehicleId"/>, <see cref="ITokenEvent.CustomerId"/> and
/// <see cref="ITokenEvent.CreatorUserId"/> are always null and absent from the message.
/// </summary>
/// <remarks>
/// Unlike the other events it does not derive from <see cref="TokenEvent"/>, so it has no settable
/// personal field: the absence is the type's, not a convention.
/// </remarks>
public sealed record TokenErased : ITokenEvent
{
    /// <inheritdoc />
    public Guid EventId { get; init; }

    /// <inheritdoc />
    public string TokenUid { get; init; } = string.Empty;

    /// <inheritdoc />
    public long Sequence { get; init; }

    /// <summary>The vendor's raw status code the poller last knew: one of <see cref="TokenStatusCodes"/>. An erase does not change it.</summary>
    public int Status { get; init; }

    /// <summary>When the erase was done.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the erase was done (as <see cref="OccurredAt"/>).</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>Always false: an erase is done, never inferred.</summary>
    public bool Inferred => false;

    string? ITokenEvent.InspectionId => null;

    string? ITokenEvent.VehicleId => null;

    string? ITokenEvent.CustomerId => null;

    string? ITokenEvent.CreatorUserId => null;
}
