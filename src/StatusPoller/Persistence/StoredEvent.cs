namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>One row of <c>token_events</c>, the durable event log, which is also the outbox.</summary>
internal sealed record StoredEvent
{
    /// <summary>Insertion order; the relay publishes in this order.</summary>
    public long Id { get; init; }
    public Guid EventId { get; init; }
    public required string Uid { get; init; }
    public long Sequence { get; init; }

    /// <summary>The contract type's name, e.g. <c>InspectionStarted</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The event serialized as JSON (jsonb).</summary>
    public required string Payload { get; init; }
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The insert's own time (<c>clock_timestamp()</c>), as close to the commit as SQL gets.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that wrote the event, so the relay publishes under it and
    /// the trace crosses the commit. Null when tracing was off.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The longest <see cref="TraceState"/> kept (W3C's own limit): it may come from an API client's request.</summary>
    public const int MaxTraceState = 512;

    /// <summary>The W3C <c>tracestate</c> that went with <see cref="TraceParent"/>, if any.</summary>
    public string? TraceState { get; init; }

    /// <summary>How often a replay published the event again (each counted at the broker's confirm).</summary>
    public int ReplayCount { get; init; }

    /// <summary>When the last replay of the event was confirmed; null if it was never replayed.</summary>
    public DateTimeOffset? LastReplayedAt { get; init; }
}
