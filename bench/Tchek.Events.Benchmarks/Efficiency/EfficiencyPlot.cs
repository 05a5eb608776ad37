using ScottPlot;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>
/// The trade-off as a PNG: requests per change (x) against p95 detection delay (y, simulated, log
/// scale) over all families, for the two milestones the goals are about. Each policy's curve comes
/// from the replay (its intervals × 0.25 .. 4, cheaper to the right); the big markers are the real
/// poller's run at the defaults. The oracle sits at x = 1 with no delay.
/// </summary>
internal static class EfficiencyPlot
{
    private static readonly (string Milestone, MarkerShape Shape, LinePattern Line)[] Milestones =
    [
        (TrueLife.InspectionStarted, MarkerShape.FilledCircle, LinePattern.Solid),
        (TrueLife.InspectionCompleted, MarkerShape.FilledTriangleUp, LinePattern.Dashed),
    ];

    private static readonly Dictionary<string, Color> Colours = new()
    {
        [PolicyTable.Fixed] = Colors.OrangeRed,
        [PolicyTable.Adaptive] = Colors.RoyalBlue,
    };

    public static void Write(IReadOnlyList<FamilyFigures> measured, IReadOnlyList<ReplayPoint> replay, string path, string subtitle)
    {
        var plot = new Plot();
        var ys = new List<double>();
        var xs = new List<double>();
        foreach (var policy in Colours.Keys)
        {
            var colour = Colours[policy];
            foreach (var (milestone, shape, line) in Milestones)
            {
                var curve = replay.Where(p => p.Policy == policy).OrderBy(p => p.Scale)
                    .Select(p => p.Of(EfficiencyFigures.AllFamilies))
                    .Where(f => f.Milestones[milestone].Detected > 0)
                    .Select(f => (X: f.RequestsPerChange, Y: Log(f.Milestones[milestone].P95Seconds)))
                    .ToList();
                if (curve.Count > 0)
                {
                    var scatter = plot.Add.Scatter(curve.Select(c => c.X).ToArray(), curve.Select(c => c.Y).ToArray());
                    scatter.LegendText = $"{policy}, {milestone}: replay, intervals × 0.25 .. 4";
                    scatter.Color = colour;
                    scatter.LinePattern = line;
                    scatter.MarkerShape = shape;
                    scatter.MarkerSize = 6;
                    xs.AddRange(curve.Select(c => c.X));
                    ys.AddRange(curve.Select(c => c.Y));
                }

                if (measured.FirstOrDefault(f => f.Policy == policy && f.Family == EfficiencyFigures.AllFamilies) is { } run
                    && run.Milestones[milestone].Detected > 0 && !double.IsNaN(run.RequestsPerChange))
                {
                    var point = plot.Add.ScatterPoints(new[] { run.RequestsPerChange }, new[] { Log(run.Milestones[milestone].P95Seconds) });
                    point.LegendText = $"{policy}, {milestone}: the real poller at the defaults";
                    point.Color = colour.WithAlpha(0.6);
                    point.MarkerShape = shape;
                    point.MarkerSize = 16;
                    xs.Add(run.RequestsPerChange);
                    ys.Add(Log(run.Milestones[milestone].P95Seconds));
                }
            }
        }

        var oracle = plot.Add.VerticalLine(1);
        oracle.LinePattern = LinePattern.Dotted;
        oracle.Color = Colors.Gray;
        oracle.LegendText = "oracle (1 request per change, no delay)";

        // Log scale by hand: the data are log10(minutes), the ticks say minutes.
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (minutes, text) in new[] { (0.01, "0.6 s"), (0.1, "6 s"), (0.5, "30 s"), (1.0, "1 min"), (2.0, "2 min"), (5.0, "5 min"), (10.0, "10 min"), (60.0, "1 h"), (600.0, "10 h") })
        {
            ticks.AddMajor(Math.Log10(minutes), text);
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY((ys.Count == 0 ? 0 : Math.Min(ys.Min(), 0)) - 0.2, (ys.Count == 0 ? 1 : Math.Max(ys.Max(), 1)) + 0.2);
        plot.Axes.SetLimitsX(0, (xs.Count == 0 ? 2 : xs.Max()) * 1.05);
        plot.XLabel("vendor requests per true change, all families (oracle = 1)");
        plot.YLabel("p95 detection delay (simulated, log scale)");
        plot.Title($"Requests against delay, per policy\n{subtitle}");
        plot.ShowLegend(Edge.Right);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1400, 650);
    }

    private static double Log(double seconds) => Math.Log10(Math.Max(seconds / 60, 0.01));
}
