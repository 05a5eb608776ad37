using System.Text;
using Tchek.Events.Chaos.Checking;

namespace Tchek.Events.Chaos;

/// <summary>The run's verdict as Markdown: the counts it is judged on, the faults that struck, the first findings of each kind.</summary>
internal static class ChaosTable
{
    public static string Render(ChaosReport report, ChaosOptions options, ChaosRun run, TimeSpan took)
    {
        var md = new StringBuilder();
        md.AppendLine($"## Chaos run: {(report.Passed ? "PASSED" : "FAILED")}");
        md.AppendLine();
        md.AppendLine($"{report.Tokens} tokens, {options.Duration.TotalMinutes:0.#} min of faults, speed {options.Speed}, seed {options.Seed}{(options.Ha ? "; against the clusters (three RabbitMQ nodes, a Patroni primary and synchronous standby)" : "")}; took {took.TotalMinutes:0.0} min.");
        md.AppendLine($"Faults: {string.Join(", ", run.Struck.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} ×{kv.Value}"))}; all run long: vendor 5xx 2 %, timeouts 0.5 %, malformed 1 %, wrong uid 0.5 %, unknown status 0.5 %, stalled bodies 0.5 %, unstorable strings 0.5 %; two pollers; {run.VendorRequests} vendor requests.");
        md.AppendLine();
        md.AppendLine("| figure | count |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| events committed | {report.Committed} |");
        md.AppendLine($"| delivered (distinct, matching the log) | {report.Delivered} |");
        md.AppendLine($"| deliveries in all | {report.Deliveries} |");
        md.AppendLine($"| duplicates (same EventId again) | {report.Duplicates} |");
        md.AppendLine($"| lost | {report.Count(FindingKind.Lost)} |");
        md.AppendLine($"| unexpected (invented or altered) | {report.Count(FindingKind.Unexpected)} |");
        md.AppendLine($"| sequence gaps | {report.Count(FindingKind.Gap)} |");
        md.AppendLine($"| out of order | {report.Count(FindingKind.OutOfOrder)} |");
        md.AppendLine($"| requests before Retry-After | {report.EarlyRequests} |");
        md.AppendLine($"| overlapping requests for one token | {report.Overlaps} |");
        if (run.Heals.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Time to heal: FailoverDatabase, from the kill of the primary to the first event committed on the new primary; "
                + "KillBrokerNode, from the kill of the node to the first delivery of an event committed after it.");
            md.AppendLine();
            md.AppendLine("| fault | at | time to heal | what the fault's commands said |");
            md.AppendLine("|---|---|---|---|");
            foreach (var heal in run.Heals)
            {
                md.AppendLine($"| {heal.Fault.Kind} | {heal.Fault.KillAt!.Value - run.Started:mm\\:ss} | {(heal.Time is { } time ? $"{time.TotalSeconds:0.00} s" : "no event after it")} | {heal.Fault.Detail} |");
            }
        }

        if (run.Delays.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Poll → consumer delay (first delivery to the checker minus the event's `observedAt`), of the events polled while each kind of fault was on, "
                + $"against those polled while none was (nor {HealFigures.Lead.TotalSeconds:0} s before one, nor {HealFigures.Settle.TotalSeconds:0} s after):");
            md.AppendLine();
            md.AppendLine("| polled | events | median | 95th percentile | longest |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var delay in run.Delays)
            {
                md.AppendLine($"| {delay.Name} | {delay.Events} | {Seconds(delay.P50)} | {Seconds(delay.P95)} | {Seconds(delay.Max)} |");
            }
        }

        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            var findings = report.Findings.Where(f => f.Kind == kind).ToList();
            if (findings.Count > 0)
            {
                md.AppendLine();
                md.AppendLine($"{kind} ({findings.Count}), the first ones:");
                foreach (var finding in findings.Take(15))
                {
                    md.AppendLine($"- {finding.Uid}: {finding.What}");
                }
            }
        }

        return md.ToString();
    }

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.00} s";
}
