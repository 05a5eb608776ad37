namespace Tchek.Events.Contracts;

/// <summary>
/// Computes <see cref="IUpstreamHealthEvent.EventId"/>: a name-based UUID (RFC 9562 version 5) in the
/// namespace <see cref="Namespace"/> of <c>"{episodeId}/degraded"</c> or <c>"{episodeId}/restored"</c>
/// (the episode id in its 36-character form, lower case). Each episode has exactly one id of each.
/// </summary>
public static class UpstreamHealthEventIds
{
    /// <summary>The UUID namespace of upstream health events. Never changes.</summary>
    public static readonly Guid Namespace = new("b7d4e0f2-5c1a-4e8b-9f3d-6a2c8e1b0d47");

    /// <summary>The id of the <see cref="UpstreamDegraded"/> that opens <paramref name="episodeId"/>.</summary>
    public static Guid Degraded(Guid episodeId) => TokenEventIds.NameBased(Namespace, $"{episodeId:D}/degraded");

    /// <summary>The id of the <see cref="UpstreamRestored"/> that closes <paramref name="episodeId"/>.</summary>
    public static Guid Restored(Guid episodeId) => TokenEventIds.NameBased(Namespace, $"{episodeId:D}/restored");
}
