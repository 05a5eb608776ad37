namespace Tchek.Events.Contracts;

/// <summary>
/// What every token event carries. Subscribe to <see cref="ITokenEvent"/> to receive all of them,
/// or to one concrete event type for just that fact. The four ids (<see cref="InspectionId"/>,
/// <see cref="VehicleId"/>, <see cref="CustomerId"/>, <see cref="CreatorUserId"/>) are the customer's
/// personal data: <see cref="TokenErased"/> never carries them.
/// </summary>
public interface ITokenEvent
{
    /// <summary>
    /// Deterministic id: a name-based UUID of <see cref="TokenUid"/> and <see cref="Sequence"/>
    /// (see <see cref="TokenEventIds"/>). The same event always has the same id, including when it
    /// is delivered again or replayed; it is also the MassTransit <c>MessageId</c>. Deduplicate on it.
    /// </summary>
    Guid EventId { get; }

    /// <summary>The vendor's token uid, e.g. <c>T3D6288</c>.</summary>
    string TokenUid { get; }

    /// <summary>
    /// Per token: starts at 1, gapless, +1 per event. Order and detect gaps with it. Only an erase may leave a gap, just
    /// before <see cref="TokenErased"/>: the events it dropped unpublished.
    /// </summary>
    long Sequence { get; }

    /// <summary>The vendor's raw status code after this change: one of <see cref="TokenStatusCodes"/>.</summary>
    int Status { get; }

    /// <summary>
    /// Best known time of the fact: the vendor's <c>tradeinStatusUpdatedAt</c> for status facts
    /// (status changes, milestones, chase-ups), otherwise <see cref="ObservedAt"/>.
    /// </summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>When the poller saw the change.</summary>
    DateTimeOffset ObservedAt { get; }

    /// <summary>
    /// True when the fact was not seen directly but follows from a later state
    /// (a status skipped between two polls, e.g. <see cref="InspectionStarted"/> when the token
    /// was next seen at 3).
    /// </summary>
    bool Inferred { get; }

    /// <summary>The inspection id (<c>tchekPtr.id</c>); null where absent.</summary>
    string? InspectionId { get; }

    /// <summary>The vehicle id (<c>vehiclePtr.id</c>); null where absent.</summary>
    string? VehicleId { get; }

    /// <summary>The customer id (<c>customerPtr.id</c>); null where absent.</summary>
    string? CustomerId { get; }

    /// <summary>The id of the agent who entered the lead (<c>creatorUserPtr.id</c>); null where absent.</summary>
    string? CreatorUserId { get; }
}
