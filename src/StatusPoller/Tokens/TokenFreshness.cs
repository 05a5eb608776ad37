namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>Whether a stored token is stale now, by <see cref="Staleness"/> and the configured intervals: for the API and the console alike.</summary>
/// <remarks>Takes the schedule policy (the <c>Polling</c> options, registered by <c>AddPolling</c>) so the store does not depend on the claim stage.</remarks>
internal sealed class TokenFreshness(ISchedulePolicy policy, TimeProvider time)
{
    public bool IsStale(TrackedToken token) => Staleness.IsStale(
        new FreshnessFacts(token.State == TrackingPhase.Active, token.Status, token.Progress, token.LastSuccessAt, token.CreatedAt, token.PollInterval),
        time.GetUtcNow(),
        policy);
}
