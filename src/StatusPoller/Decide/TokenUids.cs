using System.Text.RegularExpressions;

namespace Tchek.Events.StatusPoller.Decide;

/// <summary>What a token uid may look like: the vendor's are short alphanumerics such as <c>T3D6288</c>.</summary>
internal static partial class TokenUids
{
    public const string Rule = "3 to 64 letters or digits, without the -pwa suffix";

    public static bool IsValid(string? uid) => uid is not null && Pattern().IsMatch(uid);

    [GeneratedRegex("^[A-Za-z0-9]{3,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
