using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>The efficiency bench's results: one Markdown table (and the Adaptive/Fixed ratios), the same as JSON for the lead.</summary>
internal sealed class EfficiencyReport(
    EfficiencyOptions options, IReadOnlyList<FamilyFigures> figures, IReadOnlyList<ReplayPoint> replay, IReadOnlyList<Resolution> resolutions, bool allEnded, TimeSpan took)
{
    public string Subtitle => $"{options.Lives} lives per family, speed {F(options.Speed)}, seed {options.Seed}{(options.Short ? " (short run: few lives, coarse resolution)" : "")}";

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## Efficiency: {Subtitle}; took {took.TotalMinutes:0.0} min{(allEnded ? "" : "; the time cap came first: lives still tracked count up to it")}");
        md.AppendLine();
        md.AppendLine("Delays in simulated time: p50 / p95 from the vendor's change to the event's ObservedAt; \"missed\": the change happened while tracked, no event reported it.");
        md.AppendLine();
        md.AppendLine($"| policy | family | lives | requests / life | changes / life | requests / change (oracle 1.0) | {string.Join(" | ", TrueLife.Milestones)} |");
        md.AppendLine($"|---|---|---|---|---|---|{string.Concat(TrueLife.Milestones.Select(_ => "---|"))}");
        foreach (var f in figures)
        {
            var lives = f.StillTracked > 0 ? $"{f.Lives} ({f.StillTracked} unfinished)" : $"{f.Lives}";
            md.AppendLine($"| {f.Policy} | {f.Family} | {lives} | {F(f.RequestsPerLife, "0.0")} | {F(f.ChangesPerLife, "0.0")} | {F(f.RequestsPerChange, "0.00")} | {string.Join(" | ", TrueLife.Milestones.Select(m => Cell(f.Milestones[m])))} |");
        }

        md.AppendLine();
        md.AppendLine("Adaptive against Fixed, same lives (below 1: Adaptive is cheaper or sooner)");
        md.AppendLine();
        md.AppendLine("| family | requests / life | InspectionStarted p95 | InspectionCompleted p95 |");
        md.AppendLine("|---|---|---|---|");
        foreach (var family in figures.Select(f => f.Family).Distinct())
        {
            if (Find(PolicyTable.Fixed, family) is { } fixedOne && Find(PolicyTable.Adaptive, family) is { } adaptive)
            {
                md.AppendLine($"| {family} | {Ratio(adaptive.RequestsPerLife, fixedOne.RequestsPerLife)} | {Ratio(adaptive, fixedOne, TrueLife.InspectionStarted)} | {Ratio(adaptive, fixedOne, TrueLife.InspectionCompleted)} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Bench resolution, simulated (real × speed): what the machine adds to any delay");
        md.AppendLine();
        md.AppendLine("| policy | claim loop when idle | due poll not yet claimed, p95 / max (sampled every 250 ms) | vendor request, mean |");
        md.AppendLine("|---|---|---|---|");
        foreach (var r in resolutions)
        {
            md.AppendLine($"| {r.Policy} | {Delay(r.IdleDelaySeconds)} | {Delay(r.LatenessP95Seconds)} / {Delay(r.LatenessMaxSeconds)} | {Delay(r.RequestMeanSeconds)} |");
        }

        md.AppendLine();
        md.AppendLine("The policies alone, replayed over the same lives with no machine in between (PolicyReplay): p95 over all families, every interval × scale");
        md.AppendLine();
        md.AppendLine($"| policy | scale | requests / life | requests / change | {string.Join(" p95 | ", TrueLife.Milestones)} p95 |");
        md.AppendLine($"|---|---|---|---|{string.Concat(TrueLife.Milestones.Select(_ => "---|"))}");
        foreach (var point in replay)
        {
            var all = point.Of(EfficiencyFigures.AllFamilies);
            md.AppendLine($"| {point.Policy} | {F(point.Scale, "0.##")} | {F(all.RequestsPerLife, "0.0")} | {F(all.RequestsPerChange, "0.00")} | {string.Join(" | ", TrueLife.Milestones.Select(m => Delay(all.Milestones[m].P95Seconds)))} |");
        }

        if (replay.FirstOrDefault(p => p.Policy == PolicyTable.Fixed && p.Scale == 1) is { } fixedReplay
            && replay.FirstOrDefault(p => p.Policy == PolicyTable.Adaptive && p.Scale == 1) is { } adaptiveReplay)
        {
            md.AppendLine();
            md.AppendLine("Replayed, Adaptive against Fixed at their defaults (below 1: Adaptive is cheaper or sooner)");
            md.AppendLine();
            md.AppendLine("| family | requests / life | InspectionStarted p95 | InspectionCompleted p95 |");
            md.AppendLine("|---|---|---|---|");
            foreach (var family in fixedReplay.Figures.Select(f => f.Family))
            {
                var (a, f) = (adaptiveReplay.Of(family), fixedReplay.Of(family));
                md.AppendLine($"| {family} | {Ratio(a.RequestsPerLife, f.RequestsPerLife)} | {Ratio(a, f, TrueLife.InspectionStarted)} | {Ratio(a, f, TrueLife.InspectionCompleted)} |");
            }
        }

        return md.ToString();
    }

    public string Json() => JsonSerializer.Serialize(
        new
        {
            options.Lives,
            options.Speed,
            options.Seed,
            options.Short,
            AllEnded = allEnded,
            TookMinutes = took.TotalMinutes,
            Policies = new
            {
                Schedule = PolicyTable.Schedule.ToDictionary(s => s.Key, s => s.Value.ToString("c", CultureInfo.InvariantCulture)),
                Adaptive = PolicyTable.AdaptiveStages.ToDictionary(s => s.Stage, s => new { Floor = s.Floor.ToString("c", CultureInfo.InvariantCulture), Ceiling = s.Ceiling.ToString("c", CultureInfo.InvariantCulture) }),
                Growth = PolicyTable.AdaptiveGrowth,
            },
            Figures = figures,
            Replay = replay,
            Resolution = resolutions,
        },
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    private FamilyFigures? Find(string policy, string family) => figures.FirstOrDefault(f => f.Policy == policy && f.Family == family);

    private static string Ratio(FamilyFigures adaptive, FamilyFigures fixedOne, string milestone) =>
        Ratio(adaptive.Milestones[milestone].P95Seconds, fixedOne.Milestones[milestone].P95Seconds);

    private static string Ratio(double a, double b) => double.IsNaN(a) || double.IsNaN(b) || b == 0 ? "–" : F(a / b, "0.00");

    private static string Cell(MilestoneFigures m) =>
        m.Detected == 0 ? (m.Missed > 0 ? $"{m.Missed} missed" : "–") : $"{Delay(m.P50Seconds)} / {Delay(m.P95Seconds)}{(m.Missed > 0 ? $" ({m.Missed} missed)" : "")}";

    /// <summary>Seconds as a reader reads them: 12 s, 4.2 min, 1.3 h.</summary>
    public static string Delay(double seconds) => seconds switch
    {
        double.NaN => "–",
        < 90 => $"{F(seconds, "0.#")} s",
        < 5_400 => $"{F(seconds / 60, "0.#")} min",
        _ => $"{F(seconds / 3_600, "0.#")} h",
    };

    private static string F(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}
