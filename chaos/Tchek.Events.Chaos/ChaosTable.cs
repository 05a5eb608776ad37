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
        md.AppendLine($"{report.Tokens} tokens, {options.Duration.TotalMinutes:0.#} min of faults, speed {options.Speed}, seed {options.Seed}; took {took.TotalMinutes:0.0} min.");
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
}
