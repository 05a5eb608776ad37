namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// What subscribers hear of an erase: one <see cref="TokenErased"/> after the token's last event, with no personal id,
/// in place of any <see cref="TokenTrackingStopped"/>. Pure.
/// </summary>
internal static class Erasure
{
    /// <summary>
    /// The event that tells subscribers to forget token <paramref name="uid"/>, numbered after its last event, or null when
    /// there is nobody to tell: the token has no event (no subscriber holds anything of it), or it was erased before
    /// (its <see cref="TokenErased"/> went then, and an erase is idempotent).
    /// </summary>
    /// <param name="uid">The token erased.</param>
    /// <param name="lastSequence">The sequence of its last event, 0 before any.</param>
    /// <param name="status">The vendor's status last stored; known once the token has an event.</param>
    /// <param name="erasedBefore">Whether the token was erased already.</param>
    /// <param name="now">The erase's time.</param>
    public static TokenErased? Event(string uid, long lastSequence, int? status, bool erasedBefore, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        ArgumentOutOfRangeException.ThrowIfNegative(lastSequence);
        if (erasedBefore || lastSequence == 0)
        {
            return null;
        }

        var sequence = lastSequence + 1;
        return new TokenErased
        {
            EventId = TokenEventIds.For(uid, sequence),
            TokenUid = uid,
            Sequence = sequence,
            // A row with events has its status; should one ever lack it, the erase must still go through.
            Status = status ?? TokenStatusCodes.Created,
            OccurredAt = now,
            ObservedAt = now,
        };
    }
}
