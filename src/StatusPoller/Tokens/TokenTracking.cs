namespace Tchek.Events.StatusPoller.Tokens;

internal enum TrackOutcome
{
    Created,
    AlreadyTracked,
    Stopped,
}

/// <summary>
/// Starting and stopping tracking: what the HTTP API, the console and the bus commands share. Each
/// action names its <see cref="Actor"/>, and is recorded in the audit trail with it.
/// </summary>
internal sealed class TokenTracking(TrackedTokens tokens, TimeProvider time, PollingWake wake)
{
    /// <summary>Tracks a token from now (first poll at once). Idempotent; a token whose tracking ended stays ended.</summary>
    public async Task<(TrackOutcome Outcome, TrackedToken Token)> TrackAsync(TrackRequest request, Actor actor, CancellationToken ct)
    {
        var outcome = (await TrackEachAsync([request], actor, ct))[0].Outcome;
        var token = await tokens.FindAsync(request.Uid, ct)
            ?? throw new InvalidOperationException($"Token {request.Uid} was tracked but cannot be read back.");
        return (outcome, token);
    }

    /// <summary>Tracks many tokens in one statement. Returns the uids that were new.</summary>
    public async Task<HashSet<string>> TrackManyAsync(IReadOnlyList<TrackRequest> requests, Actor actor, CancellationToken ct)
    {
        var created = await tokens.InsertAsync(requests, time.GetUtcNow(), actor, ct);
        if (created.Count > 0)
        {
            wake.Set();
        }

        return created;
    }

    /// <summary>
    /// Tracks many tokens in one round trip, and tells for each whether it was new, already tracked,
    /// or ended (a stopped token stays stopped; its stop reason says why), in request order.
    /// </summary>
    public async Task<List<(string Uid, TrackOutcome Outcome, string? StopReason)>> TrackEachAsync(IReadOnlyList<TrackRequest> requests, Actor actor, CancellationToken ct)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var outcomes = await tokens.InsertEachAsync(requests, time.GetUtcNow(), actor, ct);
        if (outcomes.Exists(o => o.Outcome == TrackOutcome.Created))
        {
            wake.Set();
        }

        return outcomes;
    }

    /// <summary>Erases the token (see <see cref="TrackedTokens.EraseAsync"/>); false when it is unknown.</summary>
    public Task<bool> EraseAsync(string uid, Actor actor, CancellationToken ct) => tokens.EraseAsync(uid, time.GetUtcNow(), actor, ct);

    /// <summary>Stops tracking: the token's last event is <c>TokenTrackingStopped</c> (Untracked).</summary>
    public Task<UntrackOutcome> UntrackAsync(string uid, Actor actor, CancellationToken ct) => tokens.UntrackAsync(uid, time.GetUtcNow(), actor, ct);
}

/// <summary>A request to track one token.</summary>
internal sealed record TrackRequest(string Uid, string? ExternalReference, IReadOnlyDictionary<string, string>? Metadata)
{
    /// <summary>The metadata as stored (a JSON object), or null.</summary>
    public string? MetadataJson => Metadata is null ? null : JsonSerializer.Serialize(Metadata);
}
