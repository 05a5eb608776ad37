namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// Track tokens from pasted uids or a CSV file, each line on its own. The confirmation POST reads the
/// submission again by the same rules: text checked once is never trusted for it.
/// </summary>
[TrackUploadLimit]
internal sealed class TrackModel(TokenTracking tracking, IOptions<ApiOptions> api) : PageModel
{
    /// <summary>Pasted uids, one per line.</summary>
    [BindProperty]
    public string? Uids { get; set; }

    /// <summary>A CSV file of <c>uid,externalReference</c>.</summary>
    [BindProperty]
    public IFormFile? Csv { get; set; }

    /// <summary>The submission's text, carried from the check to the confirmation.</summary>
    [BindProperty]
    public string? Pending { get; set; }

    /// <summary>How to read <see cref="Pending"/>: <c>paste</c> or <c>csv</c>.</summary>
    [BindProperty]
    public string? PendingKind { get; set; }

    /// <summary>The checked submission, before the confirmation: what would be tracked, what is refused.</summary>
    public TrackUpload? Preview { get; private set; }

    /// <summary>Why the submission was refused as a whole (nothing tracked).</summary>
    public string? Error { get; private set; }

    /// <summary>What became of each line, once submitted.</summary>
    public TrackReport? Report { get; private set; }

    public int MaxLines => api.Value.MaxBatchSize;

    public static int MaxKibibytes => ApiExtensions.MaxRequestBodyBytes / 1024;

    public void OnGet(string? refused)
    {
        if (refused == TrackUploadLimitAttribute.TooLarge)
        {
            Error = $"The submission was larger than {MaxKibibytes} KiB, the most a request to the API may carry; nothing was tracked. Split the file.";
        }
    }

    /// <summary>The check: reads the submission and shows each line's fate; tracks nothing.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (upload, kind, text) = await ReadAsync(ct);
        if (upload.Refusal is { } refusal)
        {
            Error = refusal;
            return Refused();
        }

        Preview = upload;
        (Pending, PendingKind) = (text, kind);
        return Page();
    }

    /// <summary>The confirmation: the same text, read again by the same rules, then tracked.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var upload = PendingKind switch
        {
            Paste when Pending is { } text => TrackUpload.FromPaste(text, MaxLines),
            CsvKind when Pending is { } text => TrackUpload.FromCsv(Encoding.UTF8.GetBytes(text), MaxLines),
            _ => new TrackUpload([], "Nothing to confirm: submit uids or a CSV file first; nothing was tracked."),
        };
        (Pending, PendingKind, Uids) = (null, null, null);
        if (upload.Refusal is { } refusal)
        {
            Error = refusal;
            return Refused();
        }

        // Lines are independent (see TrackReport): the valid ones go in one round trip, whatever the others.
        var requests = upload.Requests.Select(line => new TrackRequest(line.Uid, line.ExternalReference, null)).ToList();
        Report = TrackReport.Of(upload, await tracking.TrackEachAsync(requests, Actor.Of(HttpContext, Actor.Console), ct));
        TempData.Flash(Report.Summary);
        return Page();
    }

    private const string Paste = "paste";
    private const string CsvKind = "csv";

    private async Task<(TrackUpload Upload, string? Kind, string? Text)> ReadAsync(CancellationToken ct)
    {
        var pasted = !string.IsNullOrWhiteSpace(Uids);
        // A file input left empty comes as no file, or as an empty one without a name.
        var file = Csv is { } csv && (csv.Length > 0 || !string.IsNullOrEmpty(csv.FileName)) ? csv : null;
        if (pasted && file is not null)
        {
            return (new([], "Give pasted uids or a CSV file, not both; nothing was tracked."), null, null);
        }

        if (file is not null)
        {
            if (file.Length > ApiExtensions.MaxRequestBodyBytes)
            {
                return (new([], $"The file is larger than {MaxKibibytes} KiB; nothing was tracked. Split it."), null, null);
            }

            using var bytes = new MemoryStream((int)file.Length);
            await using (var stream = file.OpenReadStream())
            {
                await stream.CopyToAsync(bytes, ct);
            }

            var content = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
            var upload = TrackUpload.FromCsv(content, MaxLines);
            // A file read without refusal is UTF-8 text: it goes back to the confirmation as text.
            return (upload, CsvKind, upload.Refusal is null ? Encoding.UTF8.GetString(content) : null);
        }

        return pasted
            ? (TrackUpload.FromPaste(Uids!, MaxLines), Paste, Uids)
            : (new([], "Paste uids or choose a CSV file; nothing was tracked."), null, null);
    }

    private PageResult Refused()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
