using Tchek.Events.StatusPoller.Tracking;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>Checks of API input; each error names the field, as RFC 7807 validation problems do.</summary>
internal static class RequestValidation
{
    private const int MaxReferenceLength = 256;
    private const int MaxMetadataEntries = 32;
    private const int MaxMetadataKeyLength = 64;
    private const int MaxMetadataValueLength = 512;

    public static Dictionary<string, string[]> Uid(string? uid, string field = "uid")
    {
        var errors = new Dictionary<string, string[]>();
        if (!TokenUids.IsValid(uid))
        {
            errors[field] = [$"A token uid is {TokenUids.Rule}."];
        }

        return errors;
    }

    public static Dictionary<string, string[]> Track(TrackTokenBody? body, string prefix = "")
    {
        if (body is null)
        {
            return new() { [prefix.Length == 0 ? "body" : prefix.TrimEnd('.')] = ["A JSON object with a uid is required."] };
        }

        var errors = Uid(body.Uid, prefix + "uid");
        if (body.ExternalReference is { Length: > MaxReferenceLength })
        {
            errors[prefix + "externalReference"] = [$"At most {MaxReferenceLength} characters."];
        }

        if (body.Metadata is { } metadata
            && (metadata.Count > MaxMetadataEntries
                || metadata.Any(kv => kv.Key.Length is 0 or > MaxMetadataKeyLength || kv.Value is null || kv.Value.Length > MaxMetadataValueLength)))
        {
            errors[prefix + "metadata"] = [$"At most {MaxMetadataEntries} entries, keys of 1 to {MaxMetadataKeyLength} characters, values (not null) of at most {MaxMetadataValueLength}."];
        }

        return errors;
    }

    public static Dictionary<string, string[]> Batch(TrackBatchBody? body, int maxBatchSize)
    {
        if (body?.Tokens is not { Count: > 0 } tokens)
        {
            return new() { ["tokens"] = ["A non-empty list of tokens is required."] };
        }

        if (tokens.Count > maxBatchSize)
        {
            return new() { ["tokens"] = [$"At most {maxBatchSize} tokens per request."] };
        }

        return tokens
            .SelectMany((token, i) => Track(token, $"tokens[{i}]."))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
