namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>Whether a token is still polled. Once stopped, tracking never resumes.</summary>
internal enum TrackingPhase
{
    Active = 0,
    Stopped = 1,
}

/// <summary>One row of <c>tracked_tokens</c>: a token's stored truth, its schedule, and the lease that fences writers.</summary>
internal sealed record TrackedToken
{
    public required string Uid { get; init; }
    public string? ExternalReference { get; init; }

    /// <summary>The caller's labels as a JSON object (jsonb).</summary>
    public string? Metadata { get; init; }

    /// <summary>Column <c>state</c>.</summary>
    public TrackingPhase State { get; init; }
    public string? StopReason { get; init; }

    /// <summary>The last valid snapshot's status; null until the first one.</summary>
    public int? Status { get; init; }
    public int Progress { get; init; }
    public long LastSequence { get; init; }

    /// <summary>The vendor's <c>token</c> object as last received (jsonb); null until the first valid answer.</summary>
    public string? Snapshot { get; init; }
    public bool Expired { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the poller first saw progress 5; the completed tail runs from here.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When the token is due; null once tracking stopped.</summary>
    public DateTimeOffset? NextPollAt { get; init; }
    /// <summary>When the token was last polled, whatever the answer (a failure too).</summary>
    public DateTimeOffset? LastPolledAt { get; init; }

    /// <summary>
    /// The interval the last successful poll planned, before jitter. Kept in the row so any instance can
    /// poll any token; null until the first poll under this column.
    /// </summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>When a poll last got a valid answer (changed or not): what staleness is judged by.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }
    public int FailureCount { get; init; }
    public string? LastError { get; init; }

    /// <summary>The instance that claimed the token last; informational (kept after its write).</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Bumped by every claim: a writer whose version is stale lost the token.</summary>
    public long LeaseVersion { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the caller erased the token: its snapshot, labels and events are gone; the row stays as a tombstone so its uid is never tracked (nor its event ids used) again.</summary>
    public DateTimeOffset? ErasedAt { get; init; }
}
