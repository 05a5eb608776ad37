using System.Text;
using CsCheck;
using Tchek.Events.StatusPoller.OperatorConsole.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

/// <summary>
/// Whatever valid uids and references a spreadsheet writes, as CSV however it likes (quoted or not,
/// CR LF or LF, with a header and a byte order mark or without), the Track page reads back the same
/// list on the same lines. CsCheck shrinks a failure to the smallest such file.
/// </summary>
public sealed class TrackUploadPropertyTests
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // "uid" alone in the first line is read as a header (the one uid the format cannot start with).
    private static readonly Gen<string[]> Uids = Gen.String[Gen.Char[Alphanumerics], 3, 64].Array[1, 40]
        .Select(uids => uids.Where(uid => !uid.Equals("uid", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToArray())
        .Where(uids => uids.Length > 0);

    // What a reference may hold that CSV must take care of: separators, quotes, line breaks, blanks, accents.
    private static readonly Gen<string> References = Gen.String[Gen.Char[",\"\r\n \taé€;xy1"], 0, 256];

    private static readonly Gen<(string Uid, string Reference)[]> Rows =
        Uids.SelectMany(uids => References.Array[uids.Length].Select(references => uids.Zip(references).ToArray()));

    private static readonly Gen<(bool Header, bool Bom, bool CrLf, bool QuoteAll)> Styles =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool);

    [Fact]
    public void Any_list_of_valid_uids_written_as_csv_reads_back_the_same()
    {
        Gen.Select(Rows, Styles).Sample((rows, style) =>
        {
            var (bytes, lines) = Write(rows, style);

            var upload = TrackUpload.FromCsv(bytes, rows.Length);

            Assert.Null(upload.Refusal);
            Assert.All(upload.Lines, line => Assert.Null(line.Refusal));
            Assert.Equal(
                rows.Select((row, i) => (lines[i], row.Uid, row.Reference.Length == 0 ? null : row.Reference)),
                upload.Lines.Select(line => (line.Number, line.Uid, line.ExternalReference)));
        });
    }

    [Fact]
    public void Any_list_of_valid_uids_pasted_with_any_line_breaks_reads_back_the_same()
    {
        var breaks = Gen.OneOfConst("\n", "\r\n", "\r", "\n\n", "\r\n \r\n", "\n\t\n");
        Gen.Select(Uids, breaks.Array[40]).Sample((uids, between) =>
        {
            var text = new StringBuilder();
            var lines = new List<int>();
            var line = 1;
            for (var i = 0; i < uids.Length; i++)
            {
                lines.Add(line);
                text.Append(uids[i]).Append(between[i]);
                line += between[i].Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\n' or '\r');
            }

            var upload = TrackUpload.FromPaste(text.ToString(), uids.Length);

            Assert.Null(upload.Refusal);
            Assert.Equal(lines.Zip(uids, (number, uid) => (number, uid, (string?)null, (string?)null)),
                upload.Lines.Select(l => (l.Number, l.Uid, l.ExternalReference, l.Refusal)));
        });
    }

    /// <summary>The file, and the line each row starts on.</summary>
    private static (byte[] Bytes, List<int> Lines) Write((string Uid, string Reference)[] rows, (bool Header, bool Bom, bool CrLf, bool QuoteAll) style)
    {
        var newline = style.CrLf ? "\r\n" : "\n";
        var text = new StringBuilder(style.Header ? "uid,externalReference" + newline : "");
        var lines = new List<int>();
        var line = style.Header ? 2 : 1;
        foreach (var (uid, reference) in rows)
        {
            lines.Add(line);
            var field = style.QuoteAll || reference.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? TrackUploadTests.Csv(reference) : reference;
            text.Append(style.QuoteAll ? TrackUploadTests.Csv(uid) : uid);
            if (reference.Length > 0 || style.QuoteAll)
            {
                text.Append(',').Append(field);
            }

            text.Append(newline);
            line += 1 + reference.Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\n' or '\r');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return (style.Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, lines);
    }
}
