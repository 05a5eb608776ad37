namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// Numbers the events of one observation and fills the fields every event carries, so the rules in
/// <see cref="ChangeDetector"/> only say which facts happened.
/// </summary>
internal sealed class EventStamper(TokenSnapshot snapshot, long lastSequence, DateTimeOffset observedAt)
{
    private readonly List<TokenEvent> _events = [];

    public long LastSequence { get; private set; } = lastSequence;

    public IReadOnlyList<TokenEvent> Events => _events;

    /// <summary>A fact about the status: it happened when the vendor set the status, if the vendor says.</summary>
    public void AddStatusFact(TokenEvent evt, bool inferred = false) =>
        Add(evt, snapshot.StatusUpdatedAt ?? observedAt, inferred);

    /// <summary>Any other fact: the best known time is when it was seen.</summary>
    public void AddObservedFact(TokenEvent evt) => Add(evt, observedAt, inferred: false);

    private void Add(TokenEvent evt, DateTimeOffset occurredAt, bool inferred)
    {
        LastSequence++;
        _events.Add(evt with
        {
            EventId = TokenEventIds.For(snapshot.Uid, LastSequence),
            TokenUid = snapshot.Uid,
            Sequence = LastSequence,
            Status = snapshot.Status,
            OccurredAt = occurredAt,
            ObservedAt = observedAt,
            Inferred = inferred,
            InspectionId = snapshot.InspectionId,
            VehicleId = snapshot.VehicleId,
            CustomerId = snapshot.CustomerId,
            CreatorUserId = snapshot.CreatorUserId,
        });
    }
}
