using System.Diagnostics;

namespace Tchek.Events.StatusPoller.Telemetry;

/// <summary>
/// The poller's own spans: a token's poll roots its own trace, which its request, write and publishes join. Start
/// methods return null when nothing samples, and tag only recorded spans, so tracing off allocates nothing.
/// </summary>
internal static class PollerTracing
{
    public const string SourceName = "Tchek.Events.StatusPoller";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The attributes the poller puts on its spans.</summary>
    public static class Tag
    {
        public const string TokenUid = "tchek.token.uid";
        public const string TokenStatus = "tchek.token.status";
        public const string PollOutcome = "tchek.poll.outcome";
        public const string ClaimBudget = "tchek.claim.budget";
        public const string ClaimCount = "tchek.claim.count";
        public const string WriteOutcome = "tchek.write.outcome";
        public const string WriteBatchSize = "tchek.write.batch_size";
        public const string EventCount = "tchek.events";
        public const string EventType = "tchek.event.type";
        public const string EventSequence = "tchek.event.sequence";
        public const string UpstreamEpisode = "tchek.upstream.episode";
        public const string MessageId = "messaging.message.id";
    }

    /// <summary>The batch claim: one statement for many tokens, so each token's poll links to it rather than descends from it.</summary>
    public static Activity? StartClaim(int budget)
    {
        var activity = Source.StartActivity("claim");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Tag.ClaimBudget, budget);
        }

        return activity;
    }

    /// <summary>
    /// Ends the claim. A claim that found nothing due is dropped from the trace: idle claims run every
    /// <c>Polling:IdleDelay</c> and would bury the traces that matter.
    /// </summary>
    public static void Claimed(Activity activity, int count)
    {
        if (count == 0)
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.IsAllDataRequested = false;
            return;
        }

        activity.SetTag(Tag.ClaimCount, count);
    }

    /// <summary>One token's poll, the root of its trace, linked to the claim that took it.</summary>
    public static Activity? StartPoll(string uid, ActivityContext claim)
    {
        // A root whatever is current: the worker's loop carries no activity, but this must not depend on it.
        var activity = Source.StartActivity("poll", ActivityKind.Internal, parentContext: default, links: null);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Tag.TokenUid, uid);
            if (claim != default)
            {
                activity.AddLink(new ActivityLink(claim));
            }
        }

        return activity;
    }

    /// <summary>What the poll decided: its outcome, the status seen, and an error status when the vendor failed us.</summary>
    public static void Polled(Activity activity, PollDecision decision)
    {
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        activity.SetTag(Tag.PollOutcome, PollerMetrics.Label(decision.Outcome));
        if (decision.State?.Snapshot is { } snapshot)
        {
            activity.SetTag(Tag.TokenStatus, snapshot.Status);
        }

        if (decision.Events.Count > 0)
        {
            activity.SetTag(Tag.EventCount, decision.Events.Count);
        }

        if (decision.Outcome is PollOutcome.Failed or PollOutcome.Invalid)
        {
            activity.SetStatus(ActivityStatusCode.Error, decision.Plan.LastError ?? decision.Rejection?.Reason);
        }
    }

    /// <summary>What a span stood for failed with <paramref name="ex"/> (a poll that threw, a publish that was not confirmed).</summary>
    public static void Failed(Activity? activity, Exception ex)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity.AddException(ex);
        }
    }

    /// <summary>A token's part in a write transaction, in the token's trace (a child of its poll).</summary>
    public static Activity? StartWrite(string uid, ActivityContext poll, int batchSize)
    {
        var activity = Source.StartActivity("write", ActivityKind.Internal, poll);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Tag.TokenUid, uid);
            activity.SetTag(Tag.WriteBatchSize, batchSize);
        }

        return activity;
    }

    public static void Written(Activity activity, bool lost, int events)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(Tag.WriteOutcome, lost ? "claim_lost" : "written");
            activity.SetTag(Tag.EventCount, lost ? 0 : events);
        }
    }
}
