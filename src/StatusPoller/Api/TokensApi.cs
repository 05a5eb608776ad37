using Microsoft.AspNetCore.Http.HttpResults;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The tracking API: start, inspect, stop and replay tokens. Every route needs an API key with its
/// scope (<see cref="ApiScopes"/>) and counts against that key's rate limit.
/// </summary>
internal static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        // Routes of the group are "" rather than "/": the described path is then /tokens, not /tokens/.
        var tokens = app.MapGroup("/tokens").RequireRateLimiting(ApiRateLimits.PerKeyPolicy).WithTags("Tokens");
        tokens.MapPost("", TrackAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Track)).WithBody()
            .WithName("TrackToken").WithSummary("Track a token")
            .WithDescription("Starts polling the token at once. 201 when new, 200 when already tracked, 409 when its tracking ended (a stopped token is never tracked again).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        tokens.MapPost("/batch", TrackBatchAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Track)).WithBody()
            .WithName("TrackTokens").WithSummary("Track many tokens")
            .WithDescription("Tracks up to Api:MaxBatchSize tokens in one statement; all or nothing on validation. Answers which uids were new and which were known.");
        tokens.MapGet("", TokenListing.ListAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Read)).WithTokenListParameters()
            .WithName("ListTokens").WithSummary("List tracked tokens")
            .WithDescription("Tokens in uid order, a page at a time; every filter given must hold. Pass nextCursor as cursor for the next page; null means the last page.");
        tokens.MapGet("/{uid}", GetAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Read)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetToken").WithSummary("Read a token")
            .WithDescription("Its tracking state, last snapshot, next poll and last error; stale is true when a tracked token's last successful poll (lastSuccessAt) is older than twice its polling interval.");
        tokens.MapGet("/{uid}/events", EventsAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Read)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTokenEvents").WithSummary("Read a token's stored events")
            .WithDescription("In sequence order, after the sequence `after` (default 0), at most `limit` (1 to 1000, default 100); each with publishedAt. How a subscriber catches up on missed events.");
        tokens.MapDelete("/{uid}", UntrackAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Track)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UntrackToken").WithSummary("Stop tracking a token")
            .WithDescription("TokenTrackingStopped (Untracked) becomes the token's last event. Idempotent: 204 again for a stopped token.");
        tokens.MapPost("/{uid}/erase", EraseAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Erase)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("EraseToken").WithSummary("Erase a token")
            .WithDescription("Stops tracking if needed, forgets the snapshot and labels, deletes the stored events (those not yet published are never published) and publishes TokenErased, with no personal id, for subscribers to delete what they hold; the uid stays as a tombstone. Idempotent: a second erase publishes nothing.");
        tokens.MapPost("/{uid}/replay", ReplayTokenAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Replay)).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("ReplayToken").WithSummary("Publish a token's stored events again")
            .WithDescription("Same EventId, with the header Replayed: true (a JSON boolean). Optionally a range of sequences. 429 with Retry-After while another replay runs on this instance.");
        // Built now, so a missing key is said at start rather than at the first request.
        app.ServiceProvider.GetRequiredService<ApiKeyRing>();
        app.MapPost("/events/replay", ReplayAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Replay)).RequireRateLimiting(ApiRateLimits.PerKeyPolicy).WithTags("Events").WithBody()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("ReplayEvents").WithSummary("Publish stored events again")
            .WithDescription("For one token, or over a window of at most Api:MaxReplayWindow, optionally of one event type. 429 with Retry-After while another replay runs on this instance.");
        return app;
    }

    private static async Task<Results<Created<TokenView>, Ok<TokenView>, ValidationProblem, ProblemHttpResult>> TrackAsync(
        TrackTokenBody? body, TokenTracking tracking, TokenFreshness freshness, HttpContext http, CancellationToken ct)
    {
        if (RequestValidation.Track(body) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (outcome, token) = await tracking.TrackAsync(new TrackRequest(body!.Uid!, body.ExternalReference, body.Metadata), Actor.Of(http, Actor.Api), ct);
        return outcome switch
        {
            TrackOutcome.Created => TypedResults.Created($"/tokens/{token.Uid}", View(token, freshness)),
            TrackOutcome.AlreadyTracked => TypedResults.Ok(View(token, freshness)),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: TrackingAnswers.EndedTitle,
                detail: TrackingAnswers.EndedDetail(token.Uid, token.StopReason)),
        };
    }

    private static async Task<Results<Ok<TrackBatchResult>, ValidationProblem>> TrackBatchAsync(
        TrackBatchBody? body, TokenTracking tracking, IOptions<ApiOptions> options, HttpContext http, CancellationToken ct)
    {
        if (RequestValidation.Batch(body, options.Value.MaxBatchSize) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var requests = body!.Tokens!
            .DistinctBy(t => t.Uid, StringComparer.Ordinal)
            .Select(t => new TrackRequest(t.Uid!, t.ExternalReference, t.Metadata))
            .ToList();
        var created = await tracking.TrackManyAsync(requests, Actor.Of(http, Actor.Api), ct);
        return TypedResults.Ok(new TrackBatchResult(
            [.. requests.Select(r => r.Uid).Where(created.Contains)],
            [.. requests.Select(r => r.Uid).Where(uid => !created.Contains(uid))]));
    }

    private static async Task<Results<Ok<TokenView>, NotFound, ValidationProblem>> GetAsync(string uid, TrackedTokens tokens, TokenFreshness freshness, CancellationToken ct)
    {
        if (RequestValidation.Uid(uid) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var token = await tokens.FindAsync(uid, ct);
        return token is null ? TypedResults.NotFound() : TypedResults.Ok(View(token, freshness));
    }

    private static async Task<Results<Ok<List<EventView>>, NotFound, ValidationProblem>> EventsAsync(
        string uid, long? after, int? limit, TrackedTokens tokens, EventLog log, CancellationToken ct)
    {
        var errors = RequestValidation.Uid(uid);
        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["Between 1 and 1000."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await tokens.ExistsAsync(uid, ct))
        {
            return TypedResults.NotFound();
        }

        var events = await log.ReadTokenAsync(uid, after ?? 0, limit ?? 100, ct);
        return TypedResults.Ok(events.Select(e => new EventView(
            e.EventId, e.Sequence, e.Type, e.OccurredAt, e.CreatedAt, e.PublishedAt, EventSerialization.ToMessage(e.Type, e.Payload), e.ReplayCount, e.LastReplayedAt)).ToList());
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> UntrackAsync(string uid, TokenTracking tracking, HttpContext http, CancellationToken ct)
    {
        if (RequestValidation.Uid(uid) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await tracking.UntrackAsync(uid, Actor.Of(http, Actor.Api), ct) == UntrackOutcome.NotFound ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static async Task<Results<Accepted, NotFound, ValidationProblem>> EraseAsync(string uid, TokenTracking tracking, HttpContext http, CancellationToken ct)
    {
        if (RequestValidation.Uid(uid) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await tracking.EraseAsync(uid, Actor.Of(http, Actor.Api), ct) ? TypedResults.Accepted($"/tokens/{uid}") : TypedResults.NotFound();
    }

    private static async Task<Results<Accepted<ReplayResult>, NotFound, ValidationProblem, ProblemHttpResult>> ReplayTokenAsync(
        string uid, long? fromSequence, long? toSequence, TrackedTokens tokens, EventReplay replay, IOptions<ApiOptions> options, AuditLog audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (RequestValidation.TokenReplay(uid, fromSequence, toSequence) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await tokens.ExistsAsync(uid, ct))
        {
            return TypedResults.NotFound();
        }

        var max = options.Value.MaxReplayEvents;
        var replayed = await replay.TryReplayAsync(new ReplayFilter(uid, fromSequence, toSequence), max, Caller(http), ct);
        await audit.AppendAsync(AuditEntries.Replay(time.GetUtcNow(), Actor.Of(http, Actor.Api), uid, AuditEntries.Sequences(fromSequence, toSequence), replayed), CancellationToken.None);
        return replayed is { } count
            ? TypedResults.Accepted($"/tokens/{uid}/events", new ReplayResult(count, count >= max))
            : Busy(http);
    }

    private static async Task<Results<Accepted<ReplayResult>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        ReplayBody? body, EventReplay replay, IOptions<ApiOptions> options, AuditLog audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (RequestValidation.Replay(body, options.Value.MaxReplayWindow) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var max = options.Value.MaxReplayEvents;
        var replayed = await replay.TryReplayAsync(new ReplayFilter(body!.TokenUid, From: body.From, To: body.To, Type: body.Type), max, Caller(http), ct);
        var range = $"{body.From:O}..{body.To:O}{(body.Type is null ? "" : " " + body.Type)}";
        await audit.AppendAsync(AuditEntries.Replay(time.GetUtcNow(), Actor.Of(http, Actor.Api), body.TokenUid, range, replayed), CancellationToken.None);
        return replayed is { } count
            ? TypedResults.Accepted("/events", new ReplayResult(count, count >= max))
            : Busy(http);
    }

    // The authenticated caller, by its name (ApiKeyAuthentication).
    private static string Caller(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    /// <summary>The answer to a replay while another runs (the console shows the same words).</summary>
    public const string ReplayBusyTitle = "Another replay is running";

    public const string ReplayBusyDetail = "One replay runs at a time on an instance; try again shortly.";

    public const int ReplayBusyRetryAfterSeconds = 5;

    private static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = $"{ReplayBusyRetryAfterSeconds}";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: ReplayBusyTitle, detail: ReplayBusyDetail);
    }

    internal static TokenView View(TrackedToken t, TokenFreshness freshness) => new(
        t.Uid, t.State.ToString(), t.StopReason, t.Status, t.Progress, t.LastSequence, t.Expired, t.ExpiresAt, t.NextPollAt,
        t.LastPolledAt, t.FailureCount, t.LastError, t.ExternalReference, Json(t.Metadata), Json(t.Snapshot), t.CreatedAt, t.UpdatedAt, t.ErasedAt,
        t.LastSuccessAt, freshness.IsStale(t));

    private static JsonElement? Json(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
