namespace Tchek.Events.Contracts;

/// <summary>
/// The vendor's <c>tradeinStatus</c> differs from the stored one. Emitted for every change,
/// including to and from 6 (chase-up) and backwards moves, which yield no milestone.
/// </summary>
public sealed record TokenStatusChanged : TokenEvent
{
    /// <summary>The stored status before this change: one of <see cref="TokenStatusCodes"/>.</summary>
    public int PreviousStatus { get; init; }
}
