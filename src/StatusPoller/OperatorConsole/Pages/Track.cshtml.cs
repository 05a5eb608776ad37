using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Polling;

namespace Tchek.Events.StatusPoller.OperatorConsole.Pages;

/// <summary>
/// Track tokens (<c>/console/track</c>): pasted uids or a CSV file, each line held to the API's rules
/// and tracked on its own; the answer lists every line created, already tracked, or refused with why.
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

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var upload = await ReadAsync(ct);
        if (upload.Refusal is { } refusal)
        {
            Error = refusal;
            return Refused();
        }

        // Lines are independent (see TrackReport): the valid ones go in one round trip, whatever the others.
        var requests = upload.Requests.Select(line => new TrackRequest(line.Uid, line.ExternalReference, null)).ToList();
        Report = TrackReport.Of(upload, await tracking.TrackEachAsync(requests, ct));
        TempData.Flash(Report.Summary);
        Uids = null;
        return Page();
    }

    private async Task<TrackUpload> ReadAsync(CancellationToken ct)
    {
        var pasted = !string.IsNullOrWhiteSpace(Uids);
        // A file input left empty comes as no file, or as an empty one without a name.
        var file = Csv is { } csv && (csv.Length > 0 || !string.IsNullOrEmpty(csv.FileName)) ? csv : null;
        if (pasted && file is not null)
        {
            return new([], "Give pasted uids or a CSV file, not both; nothing was tracked.");
        }

        if (file is not null)
        {
            if (file.Length > ApiExtensions.MaxRequestBodyBytes)
            {
                return new([], $"The file is larger than {MaxKibibytes} KiB; nothing was tracked. Split it.");
            }

            using var bytes = new MemoryStream((int)file.Length);
            await using (var stream = file.OpenReadStream())
            {
                await stream.CopyToAsync(bytes, ct);
            }

            return TrackUpload.FromCsv(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), MaxLines);
        }

        return pasted
            ? TrackUpload.FromPaste(Uids!, MaxLines)
            : new([], "Paste uids or choose a CSV file; nothing was tracked.");
    }

    private PageResult Refused()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
