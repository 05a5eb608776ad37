namespace Tchek.Events.Chaos.Checking;

/// <summary>
/// Classifies every event of a chaos run. Two sources of truth, checked independently:
/// the event log the pollers committed (every committed event delivered, nothing delivered that
/// was not committed as such, per-token sequences gapless and first delivered in order), and the
/// simulator's record of each token's true life (the events say what really happened: statuses in
/// the order they happened, each milestone once, chase-ups that were sent, the final state).
/// Pure: the inputs are what the run collected.
/// </summary>
internal static class Checker
{
    private static readonly string[] Milestones =
        ["InspectionStarted", "FirstPictureTaken", "PicturesCompleted", "DamageValidationStarted", "InspectionCompleted"];

    /// <param name="truth">Every token of the run, its whole life.</param>
    /// <param name="committed">The event log at the end of the run.</param>
    /// <param name="deliveries">What the checker's own queue received, in arrival order, copies included.</param>
    public static ChaosReport Check(IReadOnlyList<TrueToken> truth, IReadOnlyList<EventFacts> committed, IReadOnlyList<EventFacts> deliveries)
    {
        var findings = new List<Finding>();
        var committedById = committed.ToDictionary(e => e.EventId);
        var firstCopies = new Dictionary<Guid, EventFacts>();
        var duplicates = 0;
        foreach (var delivery in deliveries)
        {
            if (!firstCopies.TryAdd(delivery.EventId, delivery))
            {
                duplicates++;
                if (delivery.Canonical != firstCopies[delivery.EventId].Canonical)
                {
                    findings.Add(new(FindingKind.Unexpected, delivery.Uid, $"event {delivery.EventId} delivered again with other content: {delivery.Type} #{delivery.Sequence}"));
                }
            }
        }

        foreach (var delivered in firstCopies.Values)
        {
            if (!committedById.TryGetValue(delivered.EventId, out var stored))
            {
                findings.Add(new(FindingKind.Unexpected, delivered.Uid, $"{delivered.Type} #{delivered.Sequence} ({delivered.EventId}) was delivered but never committed"));
            }
            else if (stored.Canonical != delivered.Canonical || stored.Type != delivered.Type)
            {
                findings.Add(new(FindingKind.Unexpected, delivered.Uid, $"{delivered.Type} #{delivered.Sequence} differs from the committed {stored.Type}"));
            }
        }

        foreach (var stored in committed.Where(e => !firstCopies.ContainsKey(e.EventId)))
        {
            findings.Add(new(FindingKind.Lost, stored.Uid, $"{stored.Type} #{stored.Sequence} was committed but never delivered"));
        }

        var deliveredByToken = firstCopies.Values.ToLookup(e => e.Uid, StringComparer.Ordinal);
        CheckOrder(deliveries, findings);
        foreach (var token in truth)
        {
            var stream = deliveredByToken[token.Uid].OrderBy(e => e.Sequence).ToList();
            CheckSequences(token.Uid, stream, findings);
            TruthRules.Check(token, stream, findings);
            if (token.EarlyRequests > 0)
            {
                findings.Add(new(FindingKind.Manners, token.Uid, $"{token.EarlyRequests} request(s) before the Retry-After elapsed"));
            }

            if (token.Overlaps > 0)
            {
                findings.Add(new(FindingKind.Manners, token.Uid, $"{token.Overlaps} request(s) while another was being answered"));
            }
        }

        var known = truth.Select(t => t.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var stray in firstCopies.Values.Where(e => !known.Contains(e.Uid)).Select(e => e.Uid).Distinct())
        {
            findings.Add(new(FindingKind.Unexpected, stray, "events for a token the run never created"));
        }

        return new ChaosReport(
            truth.Count,
            committed.Count,
            firstCopies.Keys.Count(committedById.ContainsKey),
            deliveries.Count,
            duplicates,
            truth.Sum(t => t.EarlyRequests),
            truth.Sum(t => t.Overlaps),
            findings);
    }

    private static void CheckSequences(string uid, List<EventFacts> stream, List<Finding> findings)
    {
        for (var i = 0; i < stream.Count; i++)
        {
            if (i > 0 && stream[i].Sequence == stream[i - 1].Sequence)
            {
                findings.Add(new(FindingKind.Unexpected, uid, $"two events ({stream[i - 1].Type}, {stream[i].Type}) share sequence {stream[i].Sequence}"));
            }
            else if (stream[i].Sequence != (i == 0 ? 1 : stream[i - 1].Sequence + 1))
            {
                findings.Add(new(FindingKind.Gap, uid, $"sequence {stream[i].Sequence} follows {(i == 0 ? 0 : stream[i - 1].Sequence)}"));
            }
        }
    }

    // The first copy of each event, per token, must arrive in sequence order; later copies may come any time.
    private static void CheckOrder(IReadOnlyList<EventFacts> deliveries, List<Finding> findings)
    {
        var seen = new HashSet<Guid>();
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var delivery in deliveries.Where(d => seen.Add(d.EventId)))
        {
            if (highest.TryGetValue(delivery.Uid, out var before) && delivery.Sequence < before)
            {
                findings.Add(new(FindingKind.OutOfOrder, delivery.Uid, $"#{delivery.Sequence} first arrived after #{before}"));
            }

            highest[delivery.Uid] = Math.Max(before, delivery.Sequence);
        }
    }

    internal static int MilestoneOf(string type) => Array.IndexOf(Milestones, type) + 1;
}
