namespace Tchek.Events.Contracts;

/// <summary>
/// Command: start tracking a token (same as <c>POST /tokens</c>). Idempotent: tracking a token
/// that is already tracked changes nothing.
/// </summary>
public sealed record TrackToken
{
    /// <summary>The vendor's token uid, e.g. <c>T3D6288</c> (without <c>-pwa</c>).</summary>
    public string TokenUid { get; init; } = string.Empty;

    /// <summary>The caller's own reference for the token (a lead or order id); optional.</summary>
    public string? ExternalReference { get; init; }

    /// <summary>Free-form labels stored with the token; optional.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
