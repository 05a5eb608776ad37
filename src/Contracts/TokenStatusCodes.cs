namespace Tchek.Events.Contracts;

/// <summary>
/// The vendor's <c>tradeinStatus</c> codes. Events carry the raw integer; these names are for
/// readable consumer code. 0..5 are progress and only move forward in a normal life; 6 is a side
/// channel that replaces the status shown but says nothing about progress.
/// </summary>
public static class TokenStatusCodes
{
    /// <summary>Token created; the final user has not opened the URL.</summary>
    public const int Created = 0;

    /// <summary>URL opened; no picture yet.</summary>
    public const int Opened = 1;

    /// <summary>At least the first picture taken, not all required ones.</summary>
    public const int Shooting = 2;

    /// <summary>All required pictures taken.</summary>
    public const int PicturesTaken = 3;

    /// <summary>Damage validation ("Fast Track") in progress.</summary>
    public const int DamageValidation = 4;

    /// <summary>Inspection complete; a report was created.</summary>
    public const int Completed = 5;

    /// <summary>The final user received a chase-up message.</summary>
    public const int ChasedUp = 6;

    /// <summary>True for the codes the vendor defines (0..6).</summary>
    public static bool IsDefined(int status) => status is >= Created and <= ChasedUp;

    /// <summary>True for the progress codes (0..5), false for <see cref="ChasedUp"/> and unknown codes.</summary>
    public static bool IsProgress(int status) => status is >= Created and <= Completed;
}
