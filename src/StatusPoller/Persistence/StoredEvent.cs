namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>One event in the durable event log, which is also the outbox.</summary>
internal sealed class StoredEvent
{
    /// <summary>Insertion order; the relay publishes in this order.</summary>
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public required string Uid { get; set; }
    public long Sequence { get; set; }

    /// <summary>The contract type's name, e.g. <c>InspectionStarted</c>.</summary>
    public required string Type { get; set; }

    /// <summary>The event serialized as JSON (jsonb).</summary>
    public required string Payload { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}
