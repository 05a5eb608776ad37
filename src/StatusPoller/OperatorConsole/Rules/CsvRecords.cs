namespace Tchek.Events.StatusPoller.OperatorConsole.Rules;

/// <summary>
/// One record of a CSV text: the line it starts on, its fields, whether any was quoted (<c>""</c> is
/// an empty uid, not a blank line), and what is wrong with its quoting.
/// </summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool Quoted, string? Malformed)
{
    /// <summary>A line with nothing on it but blanks: skipped, like a blank line of pasted uids.</summary>
    public bool IsBlank => !Quoted && Fields is [var only] && string.IsNullOrWhiteSpace(only);
}

/// <summary>
/// Reads CSV as RFC 4180 writes it. Blanks are data, as the RFC says, so a padded uid is refused
/// exactly as the API would refuse it.
/// </summary>
internal static class CsvRecords
{
    /// <summary>
    /// The records of <paramref name="text"/>, or why none can be trusted: a quote that never closes
    /// swallows every line after it, so the file is refused rather than silently cut short.
    /// </summary>
    public static (List<CsvRecord> Records, string? Refusal) Read(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var (i, line, start, quoted) = (0, 1, 1, false);
        string? malformed = null;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                quoted = true;
                var opened = line;
                for (i++; ; i++)
                {
                    if (i == text.Length)
                    {
                        return (records, $"Line {opened} opens a quoted field that never closes; nothing was tracked. Close the quote, and double any quote inside it (\"\").");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i++;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (text[i] == '\n' || text[i] == '\r' && !(i + 1 < text.Length && text[i + 1] == '\n'))
                    {
                        line++;
                    }

                    field.Append(text[i]);
                }

                for (; i < text.Length && !IsSeparator(text[i]); i++)
                {
                    malformed ??= "Text after the closing quote of a field; quote the whole field and double the quotes inside it (\"\").";
                    field.Append(text[i]);
                }
            }
            else
            {
                for (; i < text.Length && !IsSeparator(text[i]); i++)
                {
                    if (text[i] == '"')
                    {
                        malformed ??= "A quote inside an unquoted field; quote the whole field and double the quotes inside it (\"\").";
                    }

                    field.Append(text[i]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            records.Add(new CsvRecord(start, [.. fields], quoted, malformed));
            fields.Clear();
            (quoted, malformed) = (false, null);
            if (i == text.Length)
            {
                return (records, null);
            }

            i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
            start = ++line;
            if (i == text.Length)
            {
                return (records, null);
            }
        }
    }

    private static bool IsSeparator(char c) => c is ',' or '\r' or '\n';
}
