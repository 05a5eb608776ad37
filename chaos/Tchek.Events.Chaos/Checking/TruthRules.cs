namespace Tchek.Events.Chaos.Checking;

/// <summary>
/// The events of one token against its true life (<c>docs/events.md</c>, read as a subscriber):
/// a poller may miss a short-lived state between two polls, so the checks are the ones sampling
/// cannot break. The status path it reports is a subsequence of the true one and ends at the true
/// final status; each milestone up to the highest status reported comes exactly once, inferred
/// exactly when that status itself was not reported; each chase-up is one that was sent; each
/// damage figure is one the vendor showed, the last one the final; expiry and the stop follow the
/// final state.
/// </summary>
internal static class TruthRules
{
    public static void Check(TrueToken token, IReadOnlyList<EventFacts> stream, List<Finding> findings)
    {
        void Lost(string what) => findings.Add(new(FindingKind.Lost, token.Uid, what));
        void Unexpected(string what) => findings.Add(new(FindingKind.Unexpected, token.Uid, what));

        var tracked = stream.Where(e => e.Type == "TokenTracked").ToList();
        if (tracked.Count == 0)
        {
            Lost("no TokenTracked");
            return;
        }

        if (tracked.Count > 1 || tracked[0].Sequence != 1)
        {
            Unexpected($"TokenTracked {tracked.Count} time(s), first at #{tracked[0].Sequence}");
        }

        var path = CheckStatusPath(token, stream, Lost, Unexpected);
        // The highest progress status reported (6 is not progress).
        var reached = path.Where(s => s <= 5).DefaultIfEmpty(0).Max();
        CheckMilestones(stream, path, reached, Lost, Unexpected);
        CheckChaseUps(token, stream, Lost, Unexpected);
        CheckDamage(token, stream, Lost, Unexpected);
        CheckEnd(token, stream, reached, Lost, Unexpected);
    }

    private static List<int> CheckStatusPath(TrueToken token, IReadOnlyList<EventFacts> stream, Action<string> lost, Action<string> unexpected)
    {
        var path = new List<int>();
        foreach (var e in stream.Where(e => e.Type is "TokenTracked" or "TokenStatusChanged"))
        {
            if (e.Type == "TokenStatusChanged" && (path.Count == 0 || e.PreviousStatus != path[^1] || e.Status == path[^1]))
            {
                unexpected($"TokenStatusChanged #{e.Sequence} {e.PreviousStatus} → {e.Status} does not follow the reported status {(path.Count == 0 ? "(none)" : path[^1])}");
            }

            path.Add(e.Status);
        }

        if (!IsSubsequence(path, token.StatusPath))
        {
            unexpected($"status path {string.Join(' ', path)} is not in the true one {string.Join(' ', token.StatusPath)}");
        }
        else if (path.Count > 0 && path[^1] != token.Final.Status)
        {
            lost($"final status {token.Final.Status} never reported (last reported {path[^1]})");
        }

        return path;
    }

    private static void CheckMilestones(IReadOnlyList<EventFacts> stream, List<int> path, int reached, Action<string> lost, Action<string> unexpected)
    {
        for (var milestone = 1; milestone <= 5; milestone++)
        {
            var events = stream.Where(e => Checker.MilestoneOf(e.Type) == milestone).ToList();
            if (milestone <= reached && events.Count == 0)
            {
                lost($"milestone {milestone} missing though status {reached} was reported");
            }
            else if (milestone > reached && events.Count > 0)
            {
                unexpected($"{events[0].Type} though the highest status reported is {reached}");
            }
            else if (events.Count > 1)
            {
                unexpected($"{events[0].Type} {events.Count} times");
            }
            else if (events.Count == 1 && events[0].Inferred == path.Contains(milestone))
            {
                unexpected($"{events[0].Type} says inferred={events[0].Inferred}, but status {milestone} was {(path.Contains(milestone) ? "" : "not ")}reported");
            }
        }
    }

    private static void CheckChaseUps(TrueToken token, IReadOnlyList<EventFacts> stream, Action<string> lost, Action<string> unexpected)
    {
        var sent = token.ChaseUps;
        var reported = stream.Where(e => e.Type == "ChaseUpSent").Select(e => TrueToken.Millis(e.OccurredAt)).ToList();
        foreach (var at in reported.Where(at => !sent.Contains(at)))
        {
            unexpected($"ChaseUpSent at {at:O}, when no chase-up was sent");
        }

        if (reported.Count != reported.Distinct().Count())
        {
            unexpected("one chase-up reported twice");
        }

        if (token.Final.Status == 6 && !reported.Contains(sent[^1]))
        {
            lost($"the last chase-up ({sent[^1]:O}) while the token still shows it");
        }
    }

    private static void CheckDamage(TrueToken token, IReadOnlyList<EventFacts> stream, Action<string> lost, Action<string> unexpected)
    {
        var shown = token.Steps.Select(s => s.PercentDamage).OfType<decimal>().ToHashSet();
        var reported = stream.Where(e => e.Type == "DamageAssessed").ToList();
        foreach (var e in reported.Where(e => e.PercentDamage is not { } damage || !shown.Contains(damage)))
        {
            unexpected($"DamageAssessed #{e.Sequence} of {e.PercentDamage}, a figure the vendor never showed");
        }

        if (token.Final.PercentDamage is { } final && (reported.Count == 0 || reported[^1].PercentDamage != final))
        {
            lost($"final damage {final} never reported");
        }
    }

    private static void CheckEnd(TrueToken token, IReadOnlyList<EventFacts> stream, int reached, Action<string> lost, Action<string> unexpected)
    {
        var expired = stream.Count(e => e.Type == "TokenExpired");
        if (token.Final.Expired && expired == 0)
        {
            lost("TokenExpired missing");
        }
        else if (!token.Final.Expired && expired > 0 || expired > 1)
        {
            unexpected($"TokenExpired {expired} time(s); the token {(token.Final.Expired ? "expired once" : "never expired")}");
        }

        var stops = stream.Where(e => e.Type == "TokenTrackingStopped").ToList();
        // An expired token whose pictures are in is still polled for the report to come (PollSchedule's grace).
        if (token.Final.Expired && reached is not (3 or 4) && stops.Count == 0)
        {
            lost("TokenTrackingStopped (Expired) missing");
        }

        foreach (var stop in stops)
        {
            var allowed = stop.Reason switch
            {
                "Expired" => token.Final.Expired,
                "CompletedTailElapsed" => reached == 5,
                _ => false,
            };
            if (!allowed || stops.Count > 1 || stop.Sequence != stream[^1].Sequence)
            {
                unexpected($"TokenTrackingStopped ({stop.Reason}) at #{stop.Sequence} of {stream[^1].Sequence}");
            }
        }
    }

    private static bool IsSubsequence(List<int> path, IReadOnlyList<int> truth)
    {
        var i = 0;
        foreach (var status in truth)
        {
            if (i < path.Count && path[i] == status)
            {
                i++;
            }
        }

        return i == path.Count;
    }
}
