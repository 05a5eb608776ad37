namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>A token this instance claimed for one poll, with what the poll needs of its stored row.</summary>
internal sealed record ClaimedToken(
    string Uid,
    long LeaseVersion,
    string? Snapshot,
    int Progress,
    long LastSequence,
    int FailureCount,
    DateTimeOffset? CompletedAt);
