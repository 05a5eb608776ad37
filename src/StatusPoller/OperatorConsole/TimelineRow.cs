namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>One event of a token's timeline, as the console shows it.</summary>
internal sealed record TimelineRow(
    long Sequence,
    string Type,
    bool Inferred,
    DateTimeOffset OccurredAt,
    DateTimeOffset? ObservedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt,
    string? Replayed)
{
    /// <summary>The row's marks as attributes (fixed text, nothing from the event): inferred, replayed.</summary>
    public string Marks => string.Join(' ', new[] { Inferred ? "data-inferred=\"true\"" : null, Replayed is null ? null : "data-replayed=\"true\"" }.OfType<string>());

    public static TimelineRow Of(StoredEvent stored, DateTimeOffset now)
    {
        DateTimeOffset? observed = null;
        var inferred = false;
        try
        {
            var evt = EventSerialization.Deserialize(stored.Type, stored.Payload);
            (observed, inferred) = (evt.ObservedAt, evt.Inferred);
        }
        catch (JsonException)
        {
            // A payload that no longer reads as its contract type still shows what the row itself knows.
        }

        return new TimelineRow(
            stored.Sequence, stored.Type, inferred, stored.OccurredAt, observed, stored.CreatedAt, stored.PublishedAt,
            ConsoleText.Replayed(stored.ReplayCount, stored.LastReplayedAt, now));
    }
}

/// <summary>Reads a token's timeline through <see cref="EventLog"/>.</summary>
internal static class Timeline
{
    /// <summary>More than any token's life produces (about a dozen events); a page stays readable.</summary>
    public const int MaxEvents = 1000;

    public static async Task<IReadOnlyList<TimelineRow>> ReadAsync(EventLog log, string uid, DateTimeOffset now, CancellationToken ct) =>
        [.. (await log.ReadTokenAsync(uid, 0, MaxEvents, ct)).Select(e => TimelineRow.Of(e, now))];
}
