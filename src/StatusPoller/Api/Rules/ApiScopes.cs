namespace Tchek.Events.StatusPoller.Api.Rules;

/// <summary>
/// What an API key may do. Each endpoint and console page needs one scope; <see cref="Admin"/>
/// holds them all. Policies are named <c>scope:&lt;name&gt;</c> (<see cref="Policy"/>).
/// </summary>
internal static class ApiScopes
{
    public const string Read = "read";
    public const string Track = "track";
    public const string Replay = "replay";
    public const string Erase = "erase";
    public const string Admin = "admin";

    /// <summary>The claim type a principal holds once per scope.</summary>
    public const string ClaimType = "tchek:scope";

    public const string PolicyPrefix = "scope:";

    public static readonly IReadOnlyList<string> All = [Read, Track, Replay, Erase, Admin];

    public static string Policy(string scope) => PolicyPrefix + scope;

    /// <summary>Whether holding <paramref name="held"/> grants <paramref name="needed"/>.</summary>
    public static bool Grants(IEnumerable<string> held, string needed) =>
        held.Any(scope => string.Equals(scope, needed, StringComparison.Ordinal) || string.Equals(scope, Admin, StringComparison.Ordinal));

    /// <summary>
    /// Scopes from a comma- (or space-) separated list such as <c>read,track</c>, case-insensitive:
    /// the known ones (distinct, lower case), and the words that are not scopes.
    /// </summary>
    public static (IReadOnlyList<string> Scopes, IReadOnlyList<string> Unknown) Parse(string? list)
    {
        var words = (list ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scopes = words.Select(w => w.ToLowerInvariant()).Where(All.Contains).Distinct().ToList();
        var unknown = words.Where(w => !All.Contains(w.ToLowerInvariant())).ToList();
        return (scopes, unknown);
    }
}
