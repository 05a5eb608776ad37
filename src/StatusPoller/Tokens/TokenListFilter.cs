namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>
/// One page of <c>GET /tokens</c>: the tokens that meet every filter given, in uid order, after
/// <paramref name="AfterUid"/> (the keyset of the previous page), at most <paramref name="Limit"/>.
/// </summary>
internal sealed record TokenListFilter(
    TrackingPhase? State = null,
    int? Status = null,
    string? ExternalReference = null,
    DateTimeOffset? UpdatedSince = null,
    string? AfterUid = null,
    int Limit = 100);
