namespace Tchek.Events.StatusPoller.Persistence;

internal enum TrackingState
{
    Active = 0,
    Stopped = 1,
}

/// <summary>One tracked token: its stored truth, its schedule, and the lease that fences writers.</summary>
internal sealed class TrackedToken
{
    public required string Uid { get; set; }
    public string? ExternalReference { get; set; }
    /// <summary>The caller's labels as a JSON object (jsonb).</summary>
    public string? Metadata { get; set; }
    public TrackingState State { get; set; }
    public string? StopReason { get; set; }

    /// <summary>The last valid snapshot's status; null until the first one.</summary>
    public int? Status { get; set; }
    public int Progress { get; set; }
    public long LastSequence { get; set; }

    /// <summary>The vendor's <c>token</c> object as last received (jsonb); null until the first valid answer.</summary>
    public string? Snapshot { get; set; }
    public bool Expired { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When the poller first saw progress 5; the completed tail runs from here.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the token is due; null once tracking stopped.</summary>
    public DateTimeOffset? NextPollAt { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }
    public int FailureCount { get; set; }
    public string? LastError { get; set; }

    /// <summary>The instance that claimed the token last; informational (kept after its write).</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Bumped by every claim and every API write: a writer whose version is stale lost the token.</summary>
    public long LeaseVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
