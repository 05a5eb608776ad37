using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>Checks of API input; each error names the field, as RFC 7807 validation problems do.</summary>
internal static class RequestValidation
{
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

        return TrackRequestRules.Broken(body.Uid, body.ExternalReference, body.Metadata)
            .ToDictionary(broken => prefix + broken.Field, broken => new[] { broken.Rule });
    }

    /// <summary>A token's replay: its uid, and a range of sequences (which start at 1) that is not reversed.</summary>
    public static Dictionary<string, string[]> TokenReplay(string uid, long? fromSequence, long? toSequence)
    {
        var errors = Uid(uid);
        if (fromSequence is < 1)
        {
            errors["fromSequence"] = ["At least 1."];
        }

        if (toSequence is < 1)
        {
            errors["toSequence"] = ["At least 1."];
        }
        else if (fromSequence > toSequence)
        {
            errors["toSequence"] = ["Must not be before fromSequence."];
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
