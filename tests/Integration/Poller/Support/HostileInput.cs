using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>A generated request body: how it was made (with a preview, for failure messages) and its bytes.</summary>
public sealed record HostileBody(string Name, byte[] Bytes);

/// <summary>
/// Uids and JSON bodies for the tracking API that are invalid by construction, never by chance,
/// drawn from a seeded <see cref="Random"/>: a failure names the seed, and the seed replays it.
/// Each body breaks a rule of the API (the uid rule, a field limit, strict JSON); the valid parts
/// around it use uids no test has tracked, so a body wrongly accepted changes the stored state.
/// </summary>
public sealed class HostileInput(int seed)
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Each piece holds a character outside [A-Za-z0-9], so any uid that contains one is invalid.
    private static readonly string[] Poison =
    [
        "\0", "\u0001", "\u001b", "\u007f", "\u0085", "\u00a0", "\u200b", "\u200f", "\u202e", "\u2028", "\ufeff",
        "é", "ß", "İ", "\u212a", "Ｔ", "٣", "𝟘", "😀", " ", "\t", "\n", "\r\n", "'", "\"", "\\", "`", "%", "%00",
        "%2F", "/", "..", "../", "..\\", "?", "#", "&", "=", ";", ",", "*", "_", "-", "+", ".", "-pwa",
        "'; DROP TABLE tracked_tokens;--", "' OR '1'='1", "$(id)", "{{7*7}}", "${jndi:ldap://x}", "<script>", "%s%n", "\\u0000",
    ];

    // Byte sequences that are not UTF-8: a lone continuation, overlong forms, a surrogate, past U+10FFFF, a cut sequence.
    private static readonly byte[][] NotUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82],
    ];

    private static readonly JsonSerializerOptions RawUnicode = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Random _random = new(seed);

    /// <summary>Ends that a lax pattern (<c>$</c> in .NET matches before a final newline) or a trimming server lets through.</summary>
    public static readonly string[] TrailingBlanks = ["\n", "\r", " ", "\r\n", "\t"];

    /// <summary>A uid the API must refuse: too short, too long, with a character that is not an ASCII letter or digit, or a valid one with a trailing blank.</summary>
    public string BadUid() => Refused(_random.Next(6) switch
    {
        0 => Alphanumeric(_random.Next(0, 3)),
        1 => Alphanumeric(_random.Next(65, 200)),
        2 => Alphanumeric(_random.Next(3, 65)) + Pick(TrailingBlanks),
        _ => Poisoned(Alphanumeric(_random.Next(0, 40))),
    });

    /// <summary>A near miss of <paramref name="uid"/>: the same with a foreign character or two, so still invalid.</summary>
    public string BadUidLike(string uid) => Refused(Poisoned(uid));

    /// <summary>A valid uid no test has tracked.</summary>
    public string FreshUid() => "F" + Alphanumeric(12);

    /// <summary>A body for <c>POST /tokens</c> that breaks a rule.</summary>
    public HostileBody TrackBody()
    {
        var (name, body) = _random.Next(5) switch
        {
            0 => NotJson(TrackObject(FreshUid())),
            _ => BadTrackObject(),
        };
        return Named(name, body);
    }

    /// <summary>A body for <c>POST /tokens/batch</c> that breaks a rule.</summary>
    public HostileBody BatchBody(int maxBatchSize)
    {
        var (name, body) = _random.Next(8) switch
        {
            0 => NotJson(Batch(Enumerable.Range(0, _random.Next(1, 5)).Select(_ => TrackObject(FreshUid())))),
            1 => ("tokens missing, null, empty or not a list", Utf8(Pick(
                "{}", """{"tokens":null}""", """{"tokens":[]}""", """{"tokens":"x"}""", """{"tokens":{}}""", """{"tokens":42}""",
                "{\"tokens\":" + TrackObject(FreshUid()) + "}", $$"""{"token":[{{TrackObject(FreshUid())}}]}"""))),
            2 => ($"over the limit of {maxBatchSize}", Utf8(Batch(Enumerable.Range(0, maxBatchSize + _random.Next(1, 20)).Select(_ => TrackObject(FreshUid()))))),
            3 => ("duplicate tokens key", Utf8($$"""{"tokens":[{{TrackObject(BadUid())}}],"tokens":[{{TrackObject(FreshUid())}}]}""")),
            _ => BatchWithABadToken(),
        };
        return Named(name, body);
    }

    /// <summary>A body for <c>POST /events/replay</c> that breaks a rule.</summary>
    public HostileBody ReplayBody()
    {
        var (name, body) = _random.Next(8) switch
        {
            0 => NotJson("""{"type":"TokenTracked","from":"2020-01-01T00:00:00Z"}"""),
            1 => ("no filter", Utf8(Pick("{}", "null", """{"from":null,"to":null,"type":null,"tokenUid":null}""", """{"unknown":1}"""))),
            2 => ("bad tokenUid", Utf8($$"""{"tokenUid":{{Str(BadUid())}}}""")),
            3 => ("unknown type", Utf8($$"""{"type":{{Str(Poisoned(Pick("TokenTracked", "InspectionStarted", "Fault", "")))}}}""")),
            4 => ("from after to", Utf8($$"""{"from":"2030-01-02T00:00:00Z","to":"2030-01-01T23:59:59.999Z","type":"TokenTracked"}""")),
            5 => ("not a date", Utf8($$"""{"{{Pick("from", "to")}}":{{Pick("\"yesterday\"", "\"2026-13-45T00:00:00Z\"", "\"2026-01-01T25:00:00Z\"", "42", "true", "[]", "{}", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\"")}}}""")),
            6 => ("a filter of the wrong type", Utf8($$"""{"{{Pick("type", "tokenUid")}}":{{WrongType(FreshUid())}}}""")),
            _ => ("duplicate filter key", Utf8($$"""{"tokenUid":{{Str(BadUid())}},"tokenUid":{{Str(FreshUid())}}}""")),
        };
        return Named(name, body);
    }

    /// <summary>A uid for a failure message: JSON-escaped, so control characters show, and cut at 40 characters.</summary>
    public static string Printable(string uid) => JsonSerializer.Serialize(uid.Length > 40 ? uid[..40] + "…" : uid);

    /// <summary>A JSON string literal, escaped (ASCII only) or raw (UTF-8), at random.</summary>
    private string Str(string value) => _random.Next(2) == 0 ? JsonSerializer.Serialize(value) : JsonSerializer.Serialize(value, RawUnicode);

    public T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private (string, byte[]) BadTrackObject()
    {
        var fresh = FreshUid();
        return _random.Next(13) switch
        {
            0 or 1 or 2 => ("bad uid", Utf8(TrackObject(BadUid()))),
            3 => ("uid of the wrong type", Utf8($$"""{"uid":{{WrongType(fresh)}}}""")),
            4 => ("no uid", Utf8(Pick("{}", """{"uid":null}""", """{"externalReference":"lead-1"}""", $$"""{"id":{{Str(fresh)}}}"""))),
            5 => ("reference too long or with NUL", Utf8(TrackObject(fresh, reference: Pick(Alphanumeric(_random.Next(257, 3000)), Poisoned("lead", "\0"))))),
            6 => ("reference of the wrong type", Utf8($$"""{"uid":{{Str(fresh)}},"externalReference":{{WrongType("lead")}}}""")),
            7 => ("too many metadata entries", Utf8(TrackObject(fresh, metadata: string.Join(',', Enumerable.Range(0, _random.Next(33, 120)).Select(i => $"\"k{i}\":\"v\""))))),
            8 => ("metadata key empty or too long", Utf8(TrackObject(fresh, metadata: $"{Str(Pick("", Alphanumeric(_random.Next(65, 300))))}:\"v\""))),
            9 => ("metadata value null, too long or with NUL", Utf8(TrackObject(fresh, metadata: $"\"k\":{Pick("null", Str(Alphanumeric(_random.Next(513, 2000))), Str(Poisoned("v", "\0")))}"))),
            10 => ("metadata of the wrong type", Utf8($"{{\"uid\":{Str(fresh)},\"metadata\":" + Pick("\"x\"", "1", "true", "[\"a\",\"b\"]", "{\"k\":1}", "{\"k\":true}", "{\"k\":[]}", "{\"k\":{\"a\":\"b\"}}") + "}")),
            11 => ("duplicate uid key", Utf8(Pick(
                $$"""{"uid":{{Str(BadUid())}},"uid":{{Str(fresh)}}}""",
                $$"""{"uid":{{Str(fresh)}},"uid":{{Str(BadUid())}}}""",
                $$"""{"uid":{{Str(BadUid())}},"UID":{{Str(fresh)}}}"""))),
            _ => ("duplicate metadata key", Utf8(TrackObject(fresh, metadata: "\"dealer\":\"lyon\",\"dealer\":\"paris\""))),
        };
    }

    private (string, byte[]) BatchWithABadToken()
    {
        var tokens = Enumerable.Range(0, _random.Next(0, 10)).Select(_ => TrackObject(FreshUid())).ToList();
        var (name, bad) = _random.Next(4) == 0 ? ("a null token", Utf8("null")) : BadTrackObject();
        var at = _random.Next(tokens.Count + 1);
        var body = new List<byte>(Utf8("{\"tokens\":["));
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i > 0)
            {
                body.Add((byte)',');
            }

            body.AddRange(i == at ? bad : Utf8(tokens[i < at ? i : i - 1]));
        }

        body.AddRange(Utf8("]}"));
        return ($"{name} among {tokens.Count} good tokens", [.. body]);
    }

    // Breaks strict JSON around an otherwise valid body: the parser, not the validation, must refuse it.
    private (string, byte[]) NotJson(string valid)
    {
        var bytes = Utf8(valid);
        return _random.Next(7) switch
        {
            0 => ("truncated", bytes[.._random.Next(1, bytes.Length)]),
            1 => ("not UTF-8", [.. Utf8(valid[..(valid.IndexOf(':', StringComparison.Ordinal) + 2)]), .. Pick(NotUtf8), .. Utf8(valid[(valid.IndexOf(':', StringComparison.Ordinal) + 2)..])]),
            2 => ("deeply nested", Utf8(Nested(_random.Next(1_000, 20_000)))),
            3 => ("huge number", Utf8(Pick(
                $$"""{"uid":1e{{_random.Next(400, 100_000)}}}""",
                $$"""{"uid":{{new string('9', _random.Next(400, 5000))}}}""",
                """{"uid":-1e-400}""",
                $$"""{"tokens":{{new string('9', _random.Next(400, 5000))}}}"""))),
            4 => ("not an object", Utf8(Pick("[]", $"[{valid}]", "\"T3D6288\"", "42", "true", "false", "null", ""))),
            5 => ("not strict JSON", Utf8(Pick(
                valid.Replace('"', '\''),
                valid.Replace("\"", "", StringComparison.Ordinal),
                valid[..^1] + ",}",
                valid[..^1] + "/* c */}",
                valid + " x",
                valid + valid,
                "{\"uid\":NaN}"))),
            _ => ("nested junk in a field", Utf8(valid[..^1] + ",\"metadata\":{\"k\":" + Nested(_random.Next(100, 5_000)) + "}}")),
        };
    }

    private string Nested(int depth) => _random.Next(2) == 0
        ? new string('[', depth) + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private string TrackObject(string uid, string? reference = null, string? metadata = null)
    {
        var json = new StringBuilder($"{{\"uid\":{Str(uid)}");
        if (reference is not null || _random.Next(3) == 0)
        {
            json.Append($",\"externalReference\":{Str(reference ?? "lead-" + _random.Next(1000))}");
        }

        if (metadata is not null || _random.Next(3) == 0)
        {
            json.Append($",\"metadata\":{{{metadata ?? "\"dealer\":\"lyon\""}}}");
        }

        return json.Append('}').ToString();
    }

    private static string Batch(IEnumerable<string> tokens) => $"{{\"tokens\":[{string.Join(',', tokens)}]}}";

    private string WrongType(string validString) => Pick("42", "-0", "1.5e308", "true", "false", "[]", "{}", $"[{Str(validString)}]", $"{{\"uid\":{Str(validString)}}}");

    // A guard on this generator, not on the API: a valid uid here would be a bug of the test.
    private static string Refused(string uid) => uid.Length is >= 3 and <= 64 && uid.All(char.IsAsciiLetterOrDigit)
        ? throw new InvalidOperationException($"The generator made a valid uid: {uid}")
        : uid;

    private string Poisoned(string core, string? piece = null)
    {
        var text = new StringBuilder(core);
        for (var i = piece is null ? _random.Next(1, 4) : 1; i > 0; i--)
        {
            var at = _random.Next(text.Length + 1);
            // Never between the two halves of a surrogate pair (an earlier emoji): the text stays valid UTF-16.
            at -= at < text.Length && char.IsLowSurrogate(text[at]) ? 1 : 0;
            text.Insert(at, piece ?? Pick(Poison));
        }

        return text.ToString();
    }

    private string Alphanumeric(int length) => string.Create(length, _random, (chars, random) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphanumerics[random.Next(Alphanumerics.Length)];
        }
    });

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static HostileBody Named(string name, byte[] body)
    {
        var preview = new string([.. Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 100)).Select(c => char.IsControl(c) ? '·' : c)]);
        return new HostileBody($"{name} ({body.Length} bytes): {preview}", body);
    }
}
