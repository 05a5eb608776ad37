namespace Tchek.Events.StatusPoller.Api;

/// <summary>Body of <c>POST /tokens</c> and an item of <c>POST /tokens/batch</c>.</summary>
internal sealed record TrackTokenBody(string? Uid, string? ExternalReference, Dictionary<string, string>? Metadata);

/// <summary>Body of <c>POST /tokens/batch</c>.</summary>
internal sealed record TrackBatchBody(List<TrackTokenBody>? Tokens);

/// <summary>Answer of <c>POST /tokens/batch</c>.</summary>
internal sealed record TrackBatchResult(IReadOnlyList<string> Created, IReadOnlyList<string> Existing);

/// <summary>Body of <c>POST /events/replay</c>: at least one filter.</summary>
internal sealed record ReplayBody(DateTimeOffset? From, DateTimeOffset? To, string? Type, string? TokenUid);

/// <summary>Answer of the replay endpoints.</summary>
internal sealed record ReplayResult(int Replayed, bool Truncated);

/// <summary>
/// A token as <c>GET /tokens/{uid}</c> shows it. <see cref="Stale"/>: a tracked token whose last
/// successful poll (<see cref="LastSuccessAt"/>) is older than twice its stage's polling interval.
/// </summary>
internal sealed record TokenView(
    string Uid,
    string State,
    string? StopReason,
    int? Status,
    int Progress,
    long LastSequence,
    bool Expired,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? NextPollAt,
    DateTimeOffset? LastPolledAt,
    int FailureCount,
    string? LastError,
    string? ExternalReference,
    JsonElement? Metadata,
    JsonElement? Snapshot,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ErasedAt,
    DateTimeOffset? LastSuccessAt,
    bool Stale);

/// <summary>A page of <c>GET /tokens</c>: the tokens, and the cursor of the next page (null on the last).</summary>
internal sealed record TokenPage(IReadOnlyList<TokenView> Items, string? NextCursor);

/// <summary>
/// One stored event as <c>GET /tokens/{uid}/events</c> shows it; <see cref="Payload"/> is the event as
/// the bus carries it (<see cref="EventSerialization.ToMessage"/>), described by <see cref="EventSchemas"/>.
/// </summary>
internal sealed record EventView(
    Guid EventId, long Sequence, string Type, DateTimeOffset OccurredAt, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, JsonElement Payload,
    int ReplayCount, DateTimeOffset? LastReplayedAt);
