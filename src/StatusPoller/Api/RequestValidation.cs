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

    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;

    // An instant: date, time and an offset (Z or ±hh:mm). A time without offset would be read in the
    // server's zone, so it is refused rather than guessed. Kept in UTC: Npgsql writes no other offset.
    private static readonly string[] InstantFormats =
        ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>
    /// <c>GET /tokens</c>: every query parameter is taken as text and checked here, so a bad one is a
    /// validation problem that names it, never the framework's anonymous binding failure.
    /// </summary>
    public static Dictionary<string, string[]> TokenList(
        string? state, string? status, string? externalReference, string? updatedSince, string? limit, string? cursor, out TokenListFilter filter)
    {
        var errors = new Dictionary<string, string[]>();
        TrackingPhase? phase = state?.ToLowerInvariant() switch
        {
            null => null,
            "tracking" or "active" => TrackingPhase.Active,
            "stopped" => TrackingPhase.Stopped,
            _ => Error<TrackingPhase>(errors, "state", "tracking (shown as Active) or stopped."),
        };

        int? code = null;
        if (status is not null)
        {
            code = int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && TokenStatusCodes.IsDefined(parsed)
                ? parsed
                : Error<int>(errors, "status", "A status code, 0 to 6.");
        }

        if (externalReference is not null && (externalReference.Length is 0 or > 256 || externalReference.Contains('\0')))
        {
            Error(errors, "externalReference", "1 to 256 characters, without NUL.");
        }

        DateTimeOffset? since = null;
        if (updatedSince is not null)
        {
            since = DateTimeOffset.TryParseExact(updatedSince, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                ? instant
                : Error<DateTimeOffset>(errors, "updatedSince", "An ISO-8601 instant with its offset, e.g. 2026-01-31T08:00:00Z.");
        }

        var size = DefaultListLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxListLimit))
        {
            Error(errors, "limit", $"Between 1 and {MaxListLimit}.");
        }

        string? after = null;
        if (cursor is not null && (after = TokenCursor.Decode(cursor)) is null)
        {
            Error(errors, "cursor", "Not a cursor this API gave: pass a nextCursor as it came, or none for the first page.");
        }

        filter = new TokenListFilter(phase, code, externalReference, since, after, size);
        return errors;
    }

    private static T? Error<T>(Dictionary<string, string[]> errors, string field, string rule) where T : struct
    {
        errors[field] = [rule];
        return null;
    }

    private static void Error(Dictionary<string, string[]> errors, string field, string rule) => errors[field] = [rule];

    public static Dictionary<string, string[]> Batch(TrackBatchBody? body, int maxBatchSize)
    {
        if (body?.Tokens is not { Count: > 0 } tokens)
        {
            return new() { ["tokens"] = ["A non-empty list of tokens is required."] };
        }

        if (tokens.Count > maxBatchSize)
        {
            return new() { ["tokens"] = [TrackRequestRules.TooManyTokens(maxBatchSize)] };
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
