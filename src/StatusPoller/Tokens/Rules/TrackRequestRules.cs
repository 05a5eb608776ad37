namespace Tchek.Events.StatusPoller.Tokens.Rules;

/// <summary>
/// What a request to track a token may carry, the same for <c>POST /tokens</c> and the
/// <c>TrackToken</c> command. NUL is refused everywhere: PostgreSQL's text and jsonb cannot store it,
/// so it would otherwise fail at the insert (a 500, or a command retried in vain).
/// </summary>
internal static class TrackRequestRules
{
    private const int MaxReferenceLength = 256;
    private const int MaxMetadataEntries = 32;
    private const int MaxMetadataKeyLength = 64;
    private const int MaxMetadataValueLength = 512;

    /// <summary>The fields of a track request that break a rule, each with the rule it breaks.</summary>
    public static IEnumerable<(string Field, string Rule)> Broken(string? uid, string? externalReference, IReadOnlyDictionary<string, string>? metadata)
    {
        if (!TokenUids.IsValid(uid))
        {
            yield return ("uid", $"A token uid is {TokenUids.Rule}.");
        }

        if (externalReference is not null && (externalReference.Length > MaxReferenceLength || externalReference.Contains('\0')))
        {
            yield return ("externalReference", $"At most {MaxReferenceLength} characters, without NUL.");
        }

        if (metadata is not null && (metadata.Count > MaxMetadataEntries || !metadata.All(IsValidEntry)))
        {
            yield return ("metadata", $"At most {MaxMetadataEntries} entries, keys of 1 to {MaxMetadataKeyLength} characters, values (not null) of at most {MaxMetadataValueLength}, without NUL.");
        }
    }

    /// <summary>Why a batch of more than <paramref name="maxBatchSize"/> tokens is refused (<c>Api:MaxBatchSize</c>).</summary>
    public static string TooManyTokens(int maxBatchSize) => $"At most {maxBatchSize} tokens per request.";

    // Values can be null despite the type: JSON and bus messages carry what their sender wrote.
    private static bool IsValidEntry(KeyValuePair<string, string> entry) =>
        entry.Key.Length is > 0 and <= MaxMetadataKeyLength && !entry.Key.Contains('\0')
        && entry.Value is { Length: <= MaxMetadataValueLength } value && !value.Contains('\0');
}
