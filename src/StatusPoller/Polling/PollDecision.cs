using Tchek.Events.StatusPoller.Detection;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Upstream;

namespace Tchek.Events.StatusPoller.Polling;

/// <summary>
/// One poll's whole outcome, from the claim and the vendor's answer: the write to make and what is
/// worth logging. Pure: parsing, detection and scheduling composed, no I/O.
/// </summary>
internal sealed record PollDecision(TokenWrite Write, string Outcome, PayloadRejection? Rejection, StatusRegression? Regression)
{
    public static PollDecision Of(ClaimedToken claim, TokenState? stored, FetchResult fetch, DateTimeOffset now, double jitter, PollingOptions options)
    {
        switch (fetch.Outcome)
        {
            case FetchOutcome.Answered:
                var observation = Observation.Of(stored, claim.Uid, fetch.Body, now);
                if (observation.Changes is not { } changes)
                {
                    var rejected = PollSchedule.AfterFailure(claim.FailureCount, claim.CompletedAt, $"invalid answer: {observation.Rejection}", null, now, jitter, options);
                    return new PollDecision(new TokenWrite(claim, null, rejected, [], now), "invalid", observation.Rejection, null);
                }

                var plan = PollSchedule.AfterSuccess(changes.State, claim.CompletedAt, now, jitter, options);
                if (plan.StopReason is { } reason)
                {
                    changes = ChangeDetector.StopTracking(changes, reason, now);
                }

                return new PollDecision(
                    new TokenWrite(claim, changes.State, plan, changes.Events, now) { SnapshotChanged = changes.FactsChanged },
                    changes.Events.Count > 0 ? "changed" : "unchanged",
                    null,
                    changes.Regression);

            case FetchOutcome.NotFound:
                var notFound = PollSchedule.AfterNotFound(claim.FailureCount, claim.CompletedAt, now, jitter, options);
                // A token never seen has no event stream to close: it just stops being polled.
                var stopped = notFound.Stops && stored is not null
                    ? ChangeDetector.StopTracking(stored, notFound.StopReason!, now)
                    : null;
                return new PollDecision(new TokenWrite(claim, stopped?.State, notFound, stopped?.Events ?? [], now) { SnapshotChanged = false }, "not_found", null, null);

            default:
                var failed = PollSchedule.AfterFailure(claim.FailureCount, claim.CompletedAt, fetch.Error ?? "failed", fetch.RetryAfter, now, jitter, options);
                return new PollDecision(new TokenWrite(claim, null, failed, [], now), "failed", null, null);
        }
    }
}
