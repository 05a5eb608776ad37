using System.Buffers;
using System.Text.Unicode;


namespace Tchek.Events.StatusPoller.OperatorConsole.Rules;

/// <summary>
/// One line of a track submission, by its number (the first line of a record whose quoted field
/// spans lines): a request to track its uid, or why it is refused.
/// </summary>
internal sealed record TrackLine(int Number, string Uid, string? ExternalReference, string? Refusal)
{
    public bool IsRequest => Refusal is null;
}

/// <summary>
/// A Track submission, each line held to the API's rules (<see cref="TrackRequestRules"/>). One the API
/// would refuse whole, or that cannot be read line by line, sets <see cref="Refusal"/> and has no lines.
/// </summary>
internal sealed record TrackUpload(IReadOnlyList<TrackLine> Lines, string? Refusal)
{
    private static readonly string[] HeaderNames = ["uid", "externalReference"];

    /// <summary>The lines to track, each uid once.</summary>
    public IEnumerable<TrackLine> Requests => Lines.Where(line => line.IsRequest);

    /// <summary>
    /// Pasted uids, one per line; blank lines are skipped. Blanks around a uid stay, so it is refused as
    /// <c>POST /tokens</c> refuses it: a server that trimmed near misses could act on another token.
    /// </summary>
    public static TrackUpload FromPaste(string text, int maxLines)
    {
        var lines = new List<CsvRecord>();
        var (start, number) = (0, 1);
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is not ('\r' or '\n'))
            {
                continue;
            }

            lines.Add(new CsvRecord(number++, [text[start..i]], Quoted: false, Malformed: null));
            if (i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n')
            {
                i++;
            }

            start = i + 1;
        }

        return Checked(lines.Where(line => !line.IsBlank).ToList(), maxLines, fromFile: false);
    }

    /// <summary>
    /// A UTF-8 CSV file with an optional header line. A file that is not UTF-8 text is refused whole: its
    /// "lines" would each be refused for a reason that hides the real one.
    /// </summary>
    public static TrackUpload FromCsv(ReadOnlySpan<byte> bytes, int maxLines)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (Text(bytes) is not { } text)
        {
            return Refused($"The file is not UTF-8 text (line {LineAt(bytes, FirstInvalid(bytes))}); nothing was tracked. Save it as CSV UTF-8.");
        }

        if (text.AsSpan().IndexOfAny(Controls) is var control and >= 0)
        {
            return Refused($"The file holds binary data (a control character on line {text.AsSpan(0, control).Count('\n') + 1}); nothing was tracked. Upload a CSV text file.");
        }

        var (records, refusal) = CsvRecords.Read(text);
        if (refusal is not null)
        {
            return Refused(refusal);
        }

        records.RemoveAll(record => record.IsBlank);
        if (records is [var first, ..] && first.Fields[0].Trim().Equals(HeaderNames[0], StringComparison.OrdinalIgnoreCase))
        {
            if (!IsHeader(first.Fields))
            {
                return Refused($"Line {first.Line} names its columns {string.Join(',', first.Fields)}; a header is uid,externalReference (or uid alone). Nothing was tracked.");
            }

            records.RemoveAt(0);
        }

        return Checked(records, maxLines, fromFile: true);
    }

    private static TrackUpload Checked(List<CsvRecord> records, int maxLines, bool fromFile)
    {
        if (records.Count == 0)
        {
            return Refused(fromFile ? "The file holds no uid; nothing was tracked." : "No uid given; nothing was tracked.");
        }

        if (records.Count > maxLines)
        {
            return Refused($"{TrackRequestRules.TooManyTokens(maxLines)} This submission has {records.Count} lines; nothing was tracked. Split it.");
        }

        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = new List<TrackLine>(records.Count);
        foreach (var record in records)
        {
            var uid = record.Fields[0];
            var reference = record.Fields is [_, { Length: > 0 } given] ? given : null;
            var refusal = record.Malformed
                ?? (record.Fields.Count > 2 ? $"{record.Fields.Count} fields; a line is uid,externalReference (quote a reference that holds a comma)." : null)
                ?? Broken(uid, reference)
                ?? (firstLineOf.TryGetValue(uid, out var earlier) ? $"The same uid as line {earlier}, which is tracked once." : null);
            if (refusal is null)
            {
                firstLineOf[uid] = record.Line;
            }

            lines.Add(new TrackLine(record.Line, uid, reference, refusal));
        }

        return new TrackUpload(lines, null);
    }

    // The API's words for each broken field, as its validation problem names them.
    private static string? Broken(string uid, string? reference) =>
        TrackRequestRules.Broken(uid, reference, null).Select(broken => $"{broken.Field}: {broken.Rule}").ToList() is { Count: > 0 } rules
            ? string.Join(" ", rules)
            : null;

    private static bool IsHeader(IReadOnlyList<string> fields) =>
        fields.Count <= HeaderNames.Length
        && fields.Select((name, i) => name.Trim().Equals(HeaderNames[i], StringComparison.OrdinalIgnoreCase)).All(named => named);

    private static TrackUpload Refused(string refusal) => new([], refusal);

    // The C0 controls but tab and the line breaks, DEL and the C1 controls: no CSV text holds them.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c).Where(c => c is not ('\t' or '\r' or '\n')), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private static string? Text(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        return Utf8.ToUtf16(bytes, chars, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            ? new string(chars, 0, written)
            : null;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return read;
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;
}
