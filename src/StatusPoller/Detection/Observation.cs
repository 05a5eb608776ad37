using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Upstream;

namespace Tchek.Events.StatusPoller.Detection;

/// <summary>
/// What one fetched answer does to a token: either a <see cref="DetectedChanges"/>, or a rejection that
/// leaves the stored state exactly as it was and yields no event.
/// </summary>
internal sealed record Observation(TokenState? State, IReadOnlyList<TokenEvent> Events, DetectedChanges? Changes, PayloadRejection? Rejection)
{
    /// <summary>Parses <paramref name="body"/> (fetched for <paramref name="uid"/>) and diffs it against <paramref name="stored"/>.</summary>
    public static Observation Of(TokenState? stored, string uid, ReadOnlyMemory<byte> body, DateTimeOffset observedAt)
    {
        if (stored is not null && !string.Equals(stored.Uid, uid, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Answer for token {uid} observed against the state of token {stored.Uid}.", nameof(uid));
        }

        var parsed = TokenPayloadParser.Parse(body, uid);
        if (!parsed.IsValid)
        {
            return new Observation(stored, [], Changes: null, parsed.Rejection);
        }

        var detection = ChangeDetector.Detect(stored, parsed.Snapshot, observedAt);
        return new Observation(detection.State, detection.Events, detection, Rejection: null);
    }
}
