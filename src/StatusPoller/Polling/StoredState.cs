using System.Text.Json;
using Tchek.Events.StatusPoller.Detection;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Upstream;

namespace Tchek.Events.StatusPoller.Polling;

/// <summary>Rebuilds the detector's view of a token from its stored row.</summary>
internal static class StoredState
{
    /// <summary>The stored state, or null before the first valid snapshot.</summary>
    /// <exception cref="InvalidDataException">The stored snapshot cannot be read back: never diff against a guess.</exception>
    public static TokenState? Of(ClaimedToken claim) => Of(claim.Uid, claim.Snapshot, claim.Progress, claim.LastSequence);

    public static TokenState? Of(string uid, string? snapshotJson, int progress, long lastSequence)
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
