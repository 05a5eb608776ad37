namespace Tchek.Events.Contracts;

/// <summary>
/// The vendor's <c>sendingType</c> codes: how the token's link was sent to the final user. Events
/// carry the raw integer; these names are for readable consumer code.
/// </summary>
public static class TokenSendingTypes
{
    /// <summary>The link was sent by email.</summary>
    public const int Email = 0;

    /// <summary>The link was sent by SMS.</summary>
    public const int Sms = 1;

    /// <summary>The link was sent by both email and SMS.</summary>
    public const int EmailAndSms = 2;

    /// <summary>True for the codes the vendor defines (0..2).</summary>
    public static bool IsDefined(int sendingType) => sendingType is >= Email and <= EmailAndSms;
}
