namespace Tchek.Events.StatusPoller.Hosting.Rules;

/// <summary>
/// The placeholder secrets the repository ships (deploy/kubernetes/secret.yaml and the docs' examples):
/// a deployment that forgot to replace one runs with a published secret. A test reads the deploy files
/// and fails if one of their placeholders is not recognised here.
/// </summary>
internal static class ShippedPlaceholders
{
    /// <summary>Every placeholder value in the shipped files; anything starting with <c>REPLACE-ME</c> counts too.</summary>
    public static readonly IReadOnlyList<string> Values = ["REPLACE-ME", "REPLACE-ME-with-a-long-random-key"];

    private const string Marker = "REPLACE-ME";

    /// <summary>Whether <paramref name="secret"/> is a shipped placeholder.</summary>
    public static bool Is(string? secret) =>
        !string.IsNullOrEmpty(secret)
        && (Values.Contains(secret, StringComparer.OrdinalIgnoreCase) || secret.StartsWith(Marker, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The secrets a configuration value holds: the value itself, a connection string's
    /// <c>Password=</c>, a URI's password (<c>amqp://user:password@host</c>).
    /// </summary>
    public static IEnumerable<string> SecretsIn(string value)
    {
        yield return value;
        foreach (var part in value.Split(';'))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && (pair[0].Equals("Password", StringComparison.OrdinalIgnoreCase) || pair[0].Equals("Pwd", StringComparison.OrdinalIgnoreCase)))
            {
                yield return pair[1];
            }
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':', 2) is [_, var password])
        {
            yield return Uri.UnescapeDataString(password);
        }
    }

    /// <summary>The configuration keys (as <c>Section:Key</c>) whose value is or holds a placeholder, in order.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<KeyValuePair<string, string?>> configuration) =>
        [.. configuration
            .Where(entry => entry.Value is { Length: > 0 } value && SecretsIn(value).Any(Is))
            .Select(entry => entry.Key)
            .Order(StringComparer.OrdinalIgnoreCase)];
}
