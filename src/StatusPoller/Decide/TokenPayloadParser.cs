namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// Reads the vendor's <c>tokenmanager/test</c> answer into a <see cref="TokenSnapshot"/>, or says
/// why it cannot: the rules of "Upstream" in docs/events.md. Pure; never throws on bad input.
/// </summary>
internal static class TokenPayloadParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses a whole answer (<c>{"token": {...}, ...}</c>) fetched for <paramref name="expectedUid"/>.</summary>
    public static PayloadParseResult Parse(ReadOnlyMemory<byte> utf8Json, string expectedUid)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.NotJson, $"the body is not JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("token", out var token) || token.ValueKind == JsonValueKind.Null)
            {
                return PayloadParseResult.Invalid(PayloadRejectionKind.MissingToken, "the body has no \"token\" object");
            }

            return ParseToken(token, expectedUid);
        }
    }

    /// <inheritdoc cref="Parse(ReadOnlyMemory{byte}, string)"/>
    public static PayloadParseResult Parse(string json, string expectedUid) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(json), expectedUid);

    /// <summary>
    /// Parses the <c>token</c> object alone: a fresh answer's, or a stored snapshot's when
    /// <paramref name="expectedUid"/> is the stored uid.
    /// </summary>
    public static PayloadParseResult ParseToken(JsonElement token, string expectedUid)
    {
        if (token.ValueKind != JsonValueKind.Object)
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.MissingToken, $"\"token\" is {Describe(token.ValueKind)}, not an object");
        }

        if (!token.TryGetProperty("uid", out var uidElement) || uidElement.ValueKind == JsonValueKind.Null
            || (uidElement.ValueKind == JsonValueKind.String && uidElement.GetString()!.Length == 0))
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.MissingUid, "\"token.uid\" is missing or empty");
        }

        if (uidElement.ValueKind != JsonValueKind.String)
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.MalformedField, $"\"token.uid\" is {Describe(uidElement.ValueKind)}, not a string");
        }

        var uid = uidElement.GetString()!;
        if (!string.Equals(uid, expectedUid, StringComparison.Ordinal))
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.UidMismatch, $"asked for token {expectedUid} but the answer is for token {Truncate(uid)}");
        }

        if (!token.TryGetProperty("tradeinStatus", out var statusElement) || statusElement.ValueKind == JsonValueKind.Null)
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.MissingStatus, "\"token.tradeinStatus\" is missing");
        }

        if (statusElement.ValueKind != JsonValueKind.Number || !statusElement.TryGetInt64(out var status))
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.MalformedField, "\"token.tradeinStatus\" is not an integer");
        }

        if (status is < 0 or > TokenStatusCodes.ChasedUp)
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.StatusOutOfRange, $"\"token.tradeinStatus\" is {status}, outside 0..6");
        }

        if (Unstorable(token) is { } where)
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.Unstorable, $"{where} holds a NUL or half a surrogate pair, which the database cannot store");
        }

        try
        {
            return PayloadParseResult.Valid(ReadSnapshot(token, uid, (int)status));
        }
        catch (MalformedFieldException ex)
        {
            return PayloadParseResult.Invalid(PayloadRejectionKind.MalformedField, ex.Message);
        }
    }

    /// <summary>
    /// Where the token holds a string PostgreSQL refuses in text and jsonb (a NUL, or an unpaired surrogate), or null.
    /// Both can only arrive as <c>\u</c> escapes, so answers without one cost a single search.
    /// </summary>
    private static string? Unstorable(JsonElement token)
    {
        var raw = token.GetRawText();
        return raw.Contains("\\u", StringComparison.Ordinal) ? FindUnstorable(token, "token") : null;
    }

    private static string? FindUnstorable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsStorable(() => element.GetString()!) ? null : $"\"{path}\"";
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var current = property;
                    if (!IsStorable(() => current.Name))
                    {
                        return $"a property name in \"{path}\"";
                    }

                    if (FindUnstorable(property.Value, $"{path}.{Truncate(property.Name)}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnstorable(item, $"{path}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // System.Text.Json refuses to decode an escaped lone surrogate into a string: that is unstorable too.
    private static bool IsStorable(Func<string> read)
    {
        string value;
        try
        {
            value = read();
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0' || char.IsLowSurrogate(c) || (char.IsHighSurrogate(c) && (i + 1 == value.Length || !char.IsLowSurrogate(value[++i]))))
            {
                return false;
            }
        }

        return true;
    }

    private static TokenSnapshot ReadSnapshot(JsonElement token, string uid, int status)
    {
        var inspection = OptionalObject(token, "tchekPtr");
        return new TokenSnapshot
        {
            Uid = uid,
            Status = status,
            StatusUpdatedAt = OptionalTimestamp(token, "tradeinStatusUpdatedAt"),
            Expired = OptionalBool(token, "expired", "token.expired") ?? false,
            ExpiresAt = OptionalTimestamp(token, "expiresIn"),
            CreatedAt = OptionalTimestamp(token, "createdAt"),
            UpdatedAt = OptionalTimestamp(token, "updatedAt"),
            InspectionId = PointerId(inspection, "tchekPtr"),
            PercentDamage = OptionalDecimal(inspection, "percentDamage", "token.tchekPtr.percentDamage"),
            VehicleId = PointerId(OptionalObject(token, "vehiclePtr"), "vehiclePtr"),
            CustomerId = PointerId(OptionalObject(token, "customerPtr"), "customerPtr"),
            CreatorUserId = PointerId(OptionalObject(token, "creatorUserPtr"), "creatorUserPtr"),
            ApiTokenId = PointerId(OptionalObject(token, "APITokenPtr"), "APITokenPtr"),
            SendingType = SendingType(token),
            Options = ReadOptions(OptionalObject(token, "options")),
            TokenJson = token.GetRawText(),
        };
    }

    private static TokenOptions? ReadOptions(JsonElement? options) => options is not { } o
        ? null
        : new TokenOptions
        {
            ThirdParty = OptionalBool(o, "thirdParty", "token.options.thirdParty") ?? false,
            FastTrack = OptionalBool(o, "fastTrack", "token.options.fastTrack") ?? false,
            ShootInspect = OptionalBool(o, "shootInspect", "token.options.shootInspect") ?? false,
            Cost = OptionalBool(o, "cost", "token.options.cost") ?? false,
            Report = OptionalBool(o, "report", "token.options.report") ?? false,
            DownloadRoi = OptionalBool(o, "downloadRoi", "token.options.downloadRoi") ?? false,
            LoadTchek = OptionalBool(o, "loadTchek", "token.options.loadTchek") ?? false,
        };

    private static JsonElement? Present(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement? OptionalObject(JsonElement token, string name) => Present(token, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => value,
        { } value => throw new MalformedFieldException($"\"token.{name}\" is {Describe(value.ValueKind)}, not an object"),
    };

    private static string? PointerId(JsonElement? pointer, string name) => pointer is not { } p ? null : Present(p, "id") switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } value => throw new MalformedFieldException($"\"token.{name}.id\" is {Describe(value.ValueKind)}, not a string"),
    };

    private static DateTimeOffset? OptionalTimestamp(JsonElement token, string name) => Present(token, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value when value.TryGetDateTimeOffset(out var at) => at.ToUniversalTime(),
        _ => throw new MalformedFieldException($"\"token.{name}\" is not an ISO 8601 timestamp"),
    };

    private static bool? OptionalBool(JsonElement parent, string name, string path) => Present(parent, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } value => throw new MalformedFieldException($"\"{path}\" is {Describe(value.ValueKind)}, not a boolean"),
    };

    // A closed set like the status, whose schema lists 0..2: a value outside it is refused as the status's is, never published.
    private static int? SendingType(JsonElement token) => OptionalInt(token, "sendingType") switch
    {
        { } value when !TokenSendingTypes.IsDefined(value) => throw new MalformedFieldException($"\"token.sendingType\" is {value}, outside 0..2"),
        var value => value,
    };

    private static int? OptionalInt(JsonElement token, string name) => Present(token, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        _ => throw new MalformedFieldException($"\"token.{name}\" is not an integer"),
    };

    private static decimal? OptionalDecimal(JsonElement? parent, string name, string path) => parent is not { } p ? null : Present(p, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetDecimal(out var number) => number,
        _ => throw new MalformedFieldException($"\"{path}\" is not a number"),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    // An upstream value quoted in a log line is cut short: the log must not carry a payload.
    private static string Truncate(string value) =>
        value.Length <= 40 ? value : string.Create(CultureInfo.InvariantCulture, $"{value[..40]}... ({value.Length} chars)");

    private sealed class MalformedFieldException(string message) : Exception(message);
}
