namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// One row of <c>console_session_revocations</c>: a console session signed out, refused by every
/// instance until it would have ended anyway (owned by <c>Sessions.SessionRevocations</c>).
/// </summary>
internal sealed record SessionRevocationRow
{
    public required string SessionId { get; init; }

    public DateTimeOffset RevokedAt { get; init; }

    /// <summary>The session's absolute end: past it, the row is no longer needed.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
