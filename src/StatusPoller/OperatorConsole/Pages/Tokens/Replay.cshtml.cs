namespace Tchek.Events.StatusPoller.OperatorConsole.Pages.Tokens;

/// <summary>
/// Replay a token's events, after a confirmation that says how many go out again. The same rules
/// as <c>POST /tokens/{uid}/replay</c>: its validation, <c>Api:MaxReplayEvents</c>, one replay at a time.
/// </summary>
internal sealed class ReplayModel(TrackedTokens tokens, EventLog log, EventReplay replay, IOptions<ApiOptions> api, AuditLog audit, TimeProvider time) : TokenPageModel(tokens)
{
    [BindProperty(SupportsGet = true, Name = "fromSequence")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "toSequence")]
    public string? To { get; set; }

    /// <summary>How many published events the range holds (those still to publish are the relay's).</summary>
    public int Published { get; private set; }

    public int MaxEvents => api.Value.MaxReplayEvents;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ValidAsync(ct) is { } range)
        {
            Published = (await log.ReadTokenAsync(Uid, 0, Timeline.MaxEvents, ct))
                .Count(e => e.PublishedAt is not null && (range.From is null || e.Sequence >= range.From) && (range.To is null || e.Sequence <= range.To));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await ValidAsync(ct) is not { } range)
        {
            return Page();
        }

        var max = MaxEvents;
        var outcome = await replay.TryReplayAsync(new ReplayFilter(Uid, range.From, range.To), max, ConsoleAuthentication.CallerName(User), ct);
        await audit.AppendAsync(AuditEntries.Replay(time.GetUtcNow(), Actor.Of(HttpContext, Actor.Console), Uid, AuditEntries.Sequences(range.From, range.To), outcome), CancellationToken.None);
        if (outcome is not { } replayed)
        {
            Response.Headers.RetryAfter = $"{TokensApi.ReplayBusyRetryAfterSeconds}";
            Refuse(new ConsoleProblem(TokensApi.ReplayBusyTitle, [TokensApi.ReplayBusyDetail]), StatusCodes.Status429TooManyRequests);
            return Page();
        }

        TempData.Flash(replayed >= max
            ? $"Replayed {replayed} events of {Uid}, the most one replay publishes (Api:MaxReplayEvents): replay the rest with a range."
            : $"Replayed {replayed} event{(replayed == 1 ? "" : "s")} of {Uid} (published again with Replayed: true).");
        return Redirect(DetailPath);
    }

    /// <summary>The range, checked as the API checks it; null (with the problem set) when the request is refused.</summary>
    private async Task<(long? From, long? To)?> ValidAsync(CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var from = Sequence(From, "fromSequence", errors);
        var to = Sequence(To, "toSequence", errors);
        foreach (var (field, messages) in RequestValidation.TokenReplay(Uid, from, to))
        {
            errors.TryAdd(field, messages);
        }

        if (errors.Count > 0)
        {
            Refuse(ConsoleProblem.Invalid(errors), StatusCodes.Status400BadRequest);
            return null;
        }

        return await LoadAsync(ct) ? (from, to) : null;
    }

    private static long? Sequence(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = ["A whole number, at least 1."];
        return null;
    }
}
