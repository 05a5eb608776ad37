namespace Tchek.Events.StatusPoller.Decide;

/// <summary>What we derived about a token so far: what change detection diffs a new snapshot against.</summary>
/// <param name="Uid">The token's uid.</param>
/// <param name="LastSequence">The sequence number of the token's last event (0 before any).</param>
/// <param name="Progress">The highest progress status (0..5) reached so far; 6 never counts.</param>
/// <param name="Snapshot">The last valid snapshot.</param>
internal sealed record TokenState(string Uid, long LastSequence, int Progress, TokenSnapshot Snapshot)
{
    /// <summary>The state as stored: null before the first valid snapshot.</summary>
    /// <exception cref="InvalidDataException">The stored snapshot cannot be read back: never diff against a guess.</exception>
    public static TokenState? FromStored(string uid, string? snapshotJson, int progress, long lastSequence)
    {
        if (snapshotJson is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(snapshotJson);
        var parsed = TokenPayloadParser.ParseToken(document.RootElement, uid);
        return parsed.IsValid
            ? new TokenState(uid, lastSequence, progress, parsed.Snapshot)
            : throw new InvalidDataException($"The stored snapshot of token {uid} is unreadable: {parsed.Rejection}");
    }
}
