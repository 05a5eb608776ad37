using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.StatusPoller.Polling;

/// <summary>Whether a stored token is stale now, by <see cref="Staleness"/> and the configured intervals: for the API and the console alike.</summary>
internal sealed class TokenFreshness(IOptions<PollingOptions> options, TimeProvider time)
{
    public bool IsStale(TrackedToken token) => Staleness.IsStale(
        new FreshnessFacts(token.State == TrackingPhase.Active, token.Status, token.Progress, token.LastSuccessAt, token.CreatedAt, token.PollInterval),
        time.GetUtcNow(),
        options.Value);
}
