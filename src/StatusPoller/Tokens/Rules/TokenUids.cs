using System.Text.RegularExpressions;

namespace Tchek.Events.StatusPoller.Tokens.Rules;

/// <summary>What a token uid may look like: the vendor's are short alphanumerics such as <c>T3D6288</c>.</summary>
internal static partial class TokenUids
{
    public const string Rule = "3 to 64 letters or digits, without the -pwa suffix";

    public static bool IsValid(string? uid) => uid is not null && Pattern().IsMatch(uid);

    // \A and \z, not ^ and $: in .NET, $ also matches before a final \n, so "T3D6288\n" would pass.
    [GeneratedRegex(@"\A[A-Za-z0-9]{3,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
