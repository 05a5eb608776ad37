using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Outbox;

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

    /// <summary>
    /// <c>POST /events/replay</c>: a known type, a valid uid, a window that is not reversed; and
    /// without a token, a window of at most <paramref name="maxWindow"/>, so a replay never reads the whole log.
    /// </summary>
    public static Dictionary<string, string[]> Replay(ReplayBody? body, TimeSpan maxWindow)
    {
        if (body is null)
        {
            return new() { ["body"] = ["A JSON object with a tokenUid, or from and to, is required."] };
        }

        var errors = new Dictionary<string, string[]>();
        if (body.Type is not null && !EventSerialization.IsEventType(body.Type))
        {
            errors["type"] = [$"One of {string.Join(", ", EventSerialization.TypeNames.Order(StringComparer.Ordinal))}."];
        }

        if (body.TokenUid is not null && !TokenUids.IsValid(body.TokenUid))
        {
            errors["tokenUid"] = [$"A token uid is {TokenUids.Rule}."];
        }

        if (body.From > body.To)
        {
            errors["to"] = ["Must not be before from."];
        }
        else if (body.TokenUid is null && (body.From is null || body.To is null))
        {
            errors["tokenUid"] = [$"Give a tokenUid, or from and to at most {maxWindow:c} apart."];
        }
        else if (body.TokenUid is null && body.To - body.From > maxWindow)
        {
            errors["to"] = [$"Without a tokenUid, at most {maxWindow:c} after from (Api:MaxReplayWindow)."];
        }

        return errors;
    }
}
