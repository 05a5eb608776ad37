namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>What a line of a track submission became (the Track page's <c>data-outcome</c>).</summary>
internal enum TrackLineOutcome
{
    Created,
    Existing,
    Refused,
}

/// <summary>One row of the Track page's result: a line, its uid, what became of it and why.</summary>
internal sealed record TrackReportRow(int Line, string Uid, TrackLineOutcome Outcome, string? Reason);

/// <summary>
/// The Track page's answer, line by line. Lines are independent, unlike the all-or-nothing batch API
/// (the README's Track section says why).
/// </summary>
internal sealed record TrackReport(IReadOnlyList<TrackReportRow> Rows)
{
    public int Count(TrackLineOutcome outcome) => Rows.Count(row => row.Outcome == outcome);

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Count(TrackLineOutcome.Created)} created, {Count(TrackLineOutcome.Existing)} existing, {Count(TrackLineOutcome.Refused)} refused.");

    /// <summary>
    /// The rows of <paramref name="upload"/>'s lines given what tracking its requests did. A token
    /// whose tracking ended is refused in the words of the API's 409.
    /// </summary>
    public static TrackReport Of(TrackUpload upload, IEnumerable<(string Uid, TrackOutcome Outcome, string? StopReason)> tracked)
    {
        var outcomes = tracked.ToDictionary(t => t.Uid, StringComparer.Ordinal);
        return new([.. upload.Lines.Select(line => line.Refusal is { } refusal
            ? new TrackReportRow(line.Number, line.Uid, TrackLineOutcome.Refused, refusal)
            : outcomes[line.Uid] switch
            {
                (_, TrackOutcome.Created, _) => new TrackReportRow(line.Number, line.Uid, TrackLineOutcome.Created, null),
                (_, TrackOutcome.AlreadyTracked, _) => new TrackReportRow(line.Number, line.Uid, TrackLineOutcome.Existing, null),
                (_, _, var stopReason) => new TrackReportRow(line.Number, line.Uid, TrackLineOutcome.Refused,
                    $"{TrackingAnswers.EndedTitle}: {TrackingAnswers.EndedDetail(line.Uid, stopReason)}"),
            })]);
    }

    /// <summary>The outcome as the page says it.</summary>
    public static string Words(TrackLineOutcome outcome) => outcome switch
    {
        TrackLineOutcome.Created => "Created",
        TrackLineOutcome.Existing => "Already tracked",
        _ => "Refused",
    };

    private const int ShownLength = 80;

    /// <summary>
    /// A refused uid with its blanks and controls made visible, so a trailing space does not look like a
    /// valid uid refused for nothing; cut short when long.
    /// </summary>
    public static string Visible(string uid)
    {
        var shown = new StringBuilder();
        // Never half a surrogate pair: the page would show a replacement character for it.
        var cut = uid.Length <= ShownLength ? uid : uid[..(char.IsHighSurrogate(uid[ShownLength - 1]) ? ShownLength - 1 : ShownLength)];
        foreach (var c in cut)
        {
            shown.Append(c switch
            {
                ' ' => "␠",
                '\t' => "␉",
                '\r' => "␍",
                '\n' => "␊",
                _ when char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format
                    => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return uid.Length > ShownLength ? shown.Append('…').ToString() : shown.ToString();
    }
}
