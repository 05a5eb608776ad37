namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// A sparkline's SVG path and text alternative. Values run up from zero (or the lowest, if negative), so
/// a flat line of zeros lies on the bottom; an unknown value breaks the line. Pure.
/// </summary>
internal static class Sparkline
{
    /// <summary>Room left above and below the line, so a stroke on the edge is not cut off.</summary>
    public const double Inset = 1.5;

    public static string Path(IReadOnlyList<ChartPoint> points, DateTimeOffset from, DateTimeOffset to, double width, double height)
    {
        var known = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        if (known.Count == 0 || to <= from)
        {
            return "";
        }

        var low = Math.Min(0, known.Min());
        var high = known.Max();
        var span = (to - from).Ticks;
        var path = new StringBuilder();
        var drawing = false;
        foreach (var point in points)
        {
            if (point.Value is not { } value)
            {
                drawing = false;
                continue;
            }

            var x = Math.Clamp((double)(point.At - from).Ticks / span, 0, 1) * width;
            var y = high == low
                ? (high == 0 ? height - Inset : Inset)
                : Inset + (1 - (value - low) / (high - low)) * (height - 2 * Inset);
            path.Append(drawing ? 'L' : 'M').Append(Number(x)).Append(' ').Append(Number(y));
            drawing = true;
        }

        // A point with no neighbour is a subpath of one point, which draws nothing: give it zero length.
        return LonePoints(path.ToString());
    }

    /// <summary>The text alternative: "polls per minute, last hour: min 0, max 120, now 80".</summary>
    public static string Describe(string what, IReadOnlyList<ChartPoint> points)
    {
        var known = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        if (known.Count == 0)
        {
            return $"{what}, last hour: no data yet";
        }

        return $"{what}, last hour: min {Format(known.Min())}, max {Format(known.Max())}, now {Format(known[^1])}";
    }

    /// <summary>A value for people: whole numbers as such, others with one decimal.</summary>
    public static string Format(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        return rounded.ToString(rounded == Math.Floor(rounded) ? "0" : "0.0", CultureInfo.InvariantCulture);
    }

    private static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string LonePoints(string path)
    {
        var subpaths = path.Split('M', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(subpaths.Select(subpath => "M" + subpath + (subpath.Contains('L', StringComparison.Ordinal) ? "" : "h0")));
    }
}
