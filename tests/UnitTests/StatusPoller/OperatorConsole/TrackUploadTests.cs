using System.Text;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.OperatorConsole.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

/// <summary>
/// The console's Track page reads pasted uids and CSV files line by line. Each case is written as the
/// lines it yields: <c>3:T3D6288=lead-1</c> (line 3 tracks T3D6288 with that reference),
/// <c>4:XY ✗</c> (line 4 refused), or <c>refused: ...</c> for a submission refused whole.
/// </summary>
public sealed class TrackUploadTests
{
    private const int Max = 5;

    public static TheoryData<string, string, string> Pastes() => new()
    {
        { "one uid per line", "T3D6288\nA1B2C3", "1:T3D6288 | 2:A1B2C3" },
        { "CR LF, as a browser sends a textarea", "T3D6288\r\nA1B2C3\r\n", "1:T3D6288 | 2:A1B2C3" },
        { "CR alone", "T3D6288\rA1B2C3", "1:T3D6288 | 2:A1B2C3" },
        { "mixed breaks", "T3D6288\r\nA1B2C3\nB1B2C3\rC1C2C3", "1:T3D6288 | 2:A1B2C3 | 3:B1B2C3 | 4:C1C2C3" },
        { "blank lines skipped, numbers kept", "\nT3D6288\n\n  \t \r\n\r\nA1B2C3\n\n", "2:T3D6288 | 6:A1B2C3" },
        { "a leading blank refused, not trimmed", " T3D6288", "1: T3D6288 ✗" },
        { "a trailing blank refused, not trimmed", "T3D6288 \nA1B2C3", "1:T3D6288  ✗ | 2:A1B2C3" },
        { "a trailing tab refused", "T3D6288\t", "1:T3D6288\t ✗" },
        { "a comma is no separator in a paste", "T3D6288,lead-1", "1:T3D6288,lead-1 ✗" },
        { "the -pwa suffix refused", "T3D6288-pwa", "1:T3D6288-pwa ✗" },
        { "too short, too long", $"ab\n{new string('a', 65)}\n{new string('a', 64)}", $"1:ab ✗ | 2:{new string('a', 65)} ✗ | 3:{new string('a', 64)}" },
        { "a duplicate tracked once", "T3D6288\nA1B2C3\nT3D6288", "1:T3D6288 | 2:A1B2C3 | 3:T3D6288 ✗" },
        { "uids differing in case are two uids", "T3D6288\nt3d6288", "1:T3D6288 | 2:t3d6288" },
        { "a refused line is no first of its uid", "T3D6288 \nT3D6288 ", "1:T3D6288  ✗ | 2:T3D6288  ✗" },
        { "at the limit", "A1B2C1\nA1B2C2\nA1B2C3\nA1B2C4\nA1B2C5", "1:A1B2C1 | 2:A1B2C2 | 3:A1B2C3 | 4:A1B2C4 | 5:A1B2C5" },
        { "blank lines do not count", "A1B2C1\n\nA1B2C2\n\nA1B2C3\n\nA1B2C4\n\nA1B2C5\n\n", "1:A1B2C1 | 3:A1B2C2 | 5:A1B2C3 | 7:A1B2C4 | 9:A1B2C5" },
        { "over the limit, refused lines count", "A1B2C1\nA1B2C2\nA1B2C3\nA1B2C4\nA1B2C5\nx", "refused: At most 5 tokens per request. This submission has 6 lines; nothing was tracked. Split it." },
        { "nothing", "", "refused: No uid given; nothing was tracked." },
        { "only blanks", " \n\t\r\n", "refused: No uid given; nothing was tracked." },
    };

    [Theory]
    [MemberData(nameof(Pastes))]
    public void Pasted_uids_are_read_one_per_line(string name, string text, string expected) =>
        Assert.True(expected == Describe(TrackUpload.FromPaste(text, Max)), $"{name}: {Describe(TrackUpload.FromPaste(text, Max))}");

    public static TheoryData<string, string, string> Files() => new()
    {
        { "a header and two lines", "uid,externalReference\nT3D6288,lead-1\nA1B2C3,lead-2\n", "2:T3D6288=lead-1 | 3:A1B2C3=lead-2" },
        { "no header", "T3D6288,lead-1\nA1B2C3", "1:T3D6288=lead-1 | 2:A1B2C3" },
        { "a header in any case, padded", " UID , ExternalReference \r\nT3D6288,lead-1", "2:T3D6288=lead-1" },
        { "a header of uid alone", "uid\nT3D6288\nA1B2C3", "2:T3D6288 | 3:A1B2C3" },
        { "a header after blank lines", "\n\nuid,externalReference\nT3D6288,x", "4:T3D6288=x" },
        { "a header that names other columns", "uid,reference\nT3D6288,x", "refused: Line 1 names its columns uid,reference; a header is uid,externalReference (or uid alone). Nothing was tracked." },
        { "a header with a third column", "uid,externalReference,metadata\nT3D6288,x", "refused: Line 1 names its columns uid,externalReference,metadata; a header is uid,externalReference (or uid alone). Nothing was tracked." },
        { "CR LF", "uid,externalReference\r\nT3D6288,lead-1\r\nA1B2C3,lead-2\r\n", "2:T3D6288=lead-1 | 3:A1B2C3=lead-2" },
        { "an empty reference is none", "T3D6288,\nA1B2C3,\"\"", "1:T3D6288 | 2:A1B2C3" },
        { "blanks are part of a reference", "T3D6288, lead 1 ", "1:T3D6288= lead 1 " },
        { "a quoted comma", "T3D6288,\"Dupont, Jean\"", "1:T3D6288=Dupont, Jean" },
        { "a doubled quote", "T3D6288,\"the \"\"blue\"\" car\"", "1:T3D6288=the \"blue\" car" },
        { "a quoted line break, next line numbered after it", "T3D6288,\"line one\nline two\r\nline three\"\nA1B2C3,x", "1:T3D6288=line one\nline two\r\nline three | 4:A1B2C3=x" },
        { "a quoted uid", "\"T3D6288\",\"x\"", "1:T3D6288=x" },
        { "a quoted uid with a blank refused", "\"T3D6288 \",x", "1:T3D6288  ✗" },
        { "a padded uid refused, not trimmed", " T3D6288,x\nA1B2C3 ,y", "1: T3D6288 ✗ | 2:A1B2C3  ✗" },
        { "an empty quoted uid refused", "\"\"", "1: ✗" },
        { "an empty uid refused", ",lead-1", "1: ✗" },
        { "three fields refused", "T3D6288,a,b\nA1B2C3,c", "1:T3D6288 ✗ | 2:A1B2C3=c" },
        { "a trailing comma is a third field", "T3D6288,a,", "1:T3D6288 ✗" },
        { "a quote inside an unquoted field", "T3D6288,say \"hi\"\nA1B2C3", "1:T3D6288 ✗ | 2:A1B2C3" },
        { "text after a closing quote", "T3D6288,\"say\" hi\nA1B2C3", "1:T3D6288 ✗ | 2:A1B2C3" },
        { "a quote that never closes", "T3D6288,x\nA1B2C3,\"open\nB1B2C3,y\n", "refused: Line 2 opens a quoted field that never closes; nothing was tracked. Close the quote, and double any quote inside it (\"\")." },
        { "a reference at its limit", $"T3D6288,{new string('r', 256)}", $"1:T3D6288={new string('r', 256)}" },
        { "a reference over its limit", $"T3D6288,{new string('r', 257)}", "1:T3D6288 ✗" },
        { "letters beyond ASCII in a reference", "T3D6288,Zoé 🚗", "1:T3D6288=Zoé 🚗" },
        { "a duplicate with another reference", "T3D6288,a\nA1B2C3\nT3D6288,b", "1:T3D6288=a | 2:A1B2C3 | 3:T3D6288 ✗" },
        { "a refused line leaves its uid to a later one", $"T3D6288,{new string('r', 257)}\nT3D6288,ok", "1:T3D6288 ✗ | 2:T3D6288=ok" },
        { "a header only", "uid,externalReference\r\n", "refused: The file holds no uid; nothing was tracked." },
        { "an empty file", "", "refused: The file holds no uid; nothing was tracked." },
        { "over the limit, the header aside", "uid\nA1\nA2\nA3\nA4\nA5\nA6", "refused: At most 5 tokens per request. This submission has 6 lines; nothing was tracked. Split it." },
        { "at the limit with a header", "uid\nAA1\nAA2\nAA3\nAA4\nAA5", "2:AA1 | 3:AA2 | 4:AA3 | 5:AA4 | 6:AA5" },
        { "a NUL is binary", "T3D6288,x\nA1B2C3,\0", "refused: The file holds binary data (a control character on line 2); nothing was tracked. Upload a CSV text file." },
        { "a form feed is binary", "T3D6288\f", "refused: The file holds binary data (a control character on line 1); nothing was tracked. Upload a CSV text file." },
        { "a C1 control is binary", "T3D6288\u0085", "refused: The file holds binary data (a control character on line 1); nothing was tracked. Upload a CSV text file." },
        { "a tab is text", "T3D6288,a\tb", "1:T3D6288=a\tb" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Csv_files_are_read_record_by_record(string name, string text, string expected)
    {
        var actual = Describe(TrackUpload.FromCsv(Encoding.UTF8.GetBytes(text), Max));

        Assert.True(expected == actual, $"{name}: {actual}");
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_uid_nor_of_the_header()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];

        Assert.Equal("1:T3D6288=x", Describe(TrackUpload.FromCsv([.. bom, .. "T3D6288,x"u8], Max)));
        Assert.Equal("2:T3D6288=x", Describe(TrackUpload.FromCsv([.. bom, .. "uid,externalReference\r\nT3D6288,x"u8], Max)));
    }

    [Theory]
    [InlineData("Latin-1", new byte[] { (byte)'T', (byte)'1', (byte)'A', (byte)',', (byte)'\n', (byte)'Z', (byte)'o', 0xE9 }, 2)]
    [InlineData("UTF-16 with its mark", new byte[] { 0xFF, 0xFE, (byte)'T', 0, (byte)'1', 0 }, 1)]
    [InlineData("a PNG", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, 1)]
    [InlineData("a cut multi-byte character", new byte[] { (byte)'T', (byte)'1', (byte)'A', (byte)'\n', (byte)'\n', 0xC3 }, 3)]
    public void A_file_that_is_not_utf8_is_refused_whole_naming_the_line(string name, byte[] bytes, int line)
    {
        var upload = TrackUpload.FromCsv(bytes, Max);

        Assert.True(upload.Lines.Count == 0, name);
        Assert.Equal($"The file is not UTF-8 text (line {line}); nothing was tracked. Save it as CSV UTF-8.", upload.Refusal);
    }

    [Theory]
    [InlineData("T3D6288-pwa", null)]
    [InlineData("T3D6288\n", null)]
    [InlineData("T3D6288", "rrr")]
    [InlineData("ab", "rrr")]
    public void A_refused_line_gives_the_api_s_own_words(string uid, string? reference)
    {
        reference = reference is null ? null : new string('r', 257);
        var line = Assert.Single(TrackUpload.FromCsv(Encoding.UTF8.GetBytes(Csv(uid) + "," + Csv(reference ?? "")), Max).Lines);

        // What POST /tokens answers for the same body, field by field.
        var api = RequestValidation.Track(new TrackTokenBody(uid, reference, null));
        Assert.NotEmpty(api);
        Assert.Equal(string.Join(" ", api.Select(kv => $"{kv.Key}: {kv.Value.Single()}")), line.Refusal);
    }

    [Fact]
    public void Over_the_limit_the_refusal_starts_with_the_batch_api_s_words()
    {
        var api = RequestValidation.Batch(new TrackBatchBody([.. Enumerable.Range(0, Max + 1).Select(i => new TrackTokenBody($"AB{i}", null, null))]), Max);
        var upload = TrackUpload.FromPaste(string.Join('\n', Enumerable.Range(0, Max + 1).Select(i => $"AB{i}")), Max);

        Assert.StartsWith(api["tokens"].Single(), upload.Refusal, StringComparison.Ordinal);
        Assert.Empty(upload.Lines);
    }

    [Theory]
    [InlineData("T3D6288,a,b", "3 fields; a line is uid,externalReference (quote a reference that holds a comma).")]
    [InlineData("T3D6288,say \"hi\"", "A quote inside an unquoted field; quote the whole field and double the quotes inside it (\"\").")]
    [InlineData("T3D6288,\"say\" hi", "Text after the closing quote of a field; quote the whole field and double the quotes inside it (\"\").")]
    [InlineData("T3D6288\nT3D6288", "The same uid as line 1, which is tracked once.")]
    public void A_line_refused_for_its_shape_says_how_to_mend_it(string text, string reason) =>
        Assert.Equal(reason, TrackUpload.FromCsv(Encoding.UTF8.GetBytes(text), Max).Lines[^1].Refusal);

    internal static string Csv(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static string Describe(TrackUpload upload) => upload.Refusal is { } refusal
        ? "refused: " + refusal
        : string.Join(" | ", upload.Lines.Select(line =>
            $"{line.Number}:{line.Uid}" + (line.IsRequest ? line.ExternalReference is { } reference ? "=" + reference : "" : " ✗")));
}
