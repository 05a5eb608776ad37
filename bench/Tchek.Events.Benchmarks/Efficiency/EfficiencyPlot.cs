using ScottPlot;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>
/// The trade-off as a PNG: requests per change (x) against p95 detection delay (y, simulated
/// minutes, log scale), a colour per policy, a marker per milestone, one point per family
/// (labelled P, S, O). The oracle sits at x = 1 with no delay.
/// </summary>
internal static class EfficiencyPlot
{
    private static readonly Dictionary<string, MarkerShape> Shapes = new()
    {
        [TrueLife.InspectionStarted] = MarkerShape.FilledCircle,
        [TrueLife.PicturesCompleted] = MarkerShape.FilledSquare,
        [TrueLife.InspectionCompleted] = MarkerShape.FilledTriangleUp,
        [TrueLife.ChaseUpSent] = MarkerShape.FilledDiamond,
    };

    private static readonly Dictionary<string, Color> Colours = new()
    {
        [PolicyTable.Fixed] = Colors.OrangeRed,
        [PolicyTable.Adaptive] = Colors.RoyalBlue,
    };

    public static void Write(IReadOnlyList<FamilyFigures> figures, string path, string subtitle)
    {
        var plot = new Plot();
        var perFamily = figures.Where(f => f.Family != EfficiencyFigures.AllFamilies && !double.IsNaN(f.RequestsPerChange)).ToList();
        var (low, high) = (double.MaxValue, double.MinValue);
        foreach (var policy in perFamily.Select(f => f.Policy).Distinct())
        {
            foreach (var milestone in TrueLife.Milestones)
            {
                var points = perFamily
                    .Where(f => f.Policy == policy && f.Milestones[milestone].Detected > 0)
                    .Select(f => (f.Family, X: f.RequestsPerChange, Y: Math.Log10(Math.Max(f.Milestones[milestone].P95Seconds / 60, 0.01))))
                    .ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var series = plot.Add.ScatterPoints(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
                series.LegendText = $"{policy}: {milestone}";
                series.MarkerShape = Shapes[milestone];
                series.MarkerSize = 11;
                series.Color = Colours.GetValueOrDefault(policy, Colors.Gray);
                foreach (var (family, x, y) in points)
                {
                    var label = plot.Add.Text(family[..1].ToUpperInvariant(), x, y);
                    label.LabelFontSize = 11;
                    label.OffsetX = 7;
                    label.OffsetY = -7;
                    (low, high) = (Math.Min(low, y), Math.Max(high, y));
                }
            }
        }

        var oracle = plot.Add.VerticalLine(1);
        oracle.LinePattern = LinePattern.Dashed;
        oracle.Color = Colors.Gray;
        oracle.LegendText = "oracle (1 request per change, no delay)";

        // Log scale by hand: the data are log10(minutes), the ticks say minutes.
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (minutes, text) in new[] { (0.01, "0.6 s"), (0.1, "6 s"), (1.0, "1 min"), (10.0, "10 min"), (60.0, "1 h"), (600.0, "10 h"), (6000.0, "100 h") })
        {
            ticks.AddMajor(Math.Log10(minutes), text);
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(Math.Min(low, 0) - 0.3, Math.Max(high, 1) + 0.3);
        plot.Axes.SetLimitsX(0, (perFamily.Count == 0 ? 2 : perFamily.Max(f => f.RequestsPerChange)) * 1.1);
        plot.XLabel("vendor requests per true change (oracle = 1)");
        plot.YLabel("p95 detection delay (simulated, log scale)");
        plot.Title($"Requests against delay, per policy (P prompt, S slow, O office)\n{subtitle}");
        plot.ShowLegend(Edge.Right);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1200, 650);
    }
}
