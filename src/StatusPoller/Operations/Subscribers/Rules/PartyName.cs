using System.Text.RegularExpressions;

namespace Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

/// <summary>
/// A subscriber's name: its broker account and, with a hyphen, its resource prefix. Lower-case letters
/// and digits only, so no party's prefix (<c>crm-</c>) is ever the start of another's (<c>crm-x-</c>).
/// </summary>
internal static partial class PartyName
{
    public const int MaxLength = 32;

    // Names whose prefix would reach the poller's, a commander's or the broker's own resources.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "amq", "guest", "masstransit", "reply", "tchek", "track", "untrack",
    };

    /// <summary>Null when <paramref name="name"/> may name a subscriber, else why not.</summary>
    public static string? Problem(string? name) => name switch
    {
        null or "" => "the subscriber's name is missing",
        { Length: > MaxLength } => $"the subscriber's name has more than {MaxLength} characters",
        _ when !Shape().IsMatch(name) => "the subscriber's name must be lower-case letters and digits, starting with a letter (no hyphen: it ends the prefix)",
        _ when Reserved.Contains(name) => $"'{name}' is reserved: its prefix '{name}-' would reach the poller's or the broker's own resources",
        _ => null,
    };

    /// <summary>The prefix every queue and exchange of the subscriber starts with.</summary>
    public static string Prefix(string name) => name + "-";

    [GeneratedRegex("^[a-z][a-z0-9]*$")]
    private static partial Regex Shape();
}
