using System.Diagnostics;
using System.Globalization;

namespace Tchek.Events.Benchmarks;

/// <summary>Readings of a running process and of the poller's /metrics.</summary>
internal static class Measure
{
    private static readonly double TicksPerSecond = 100; // Linux USER_HZ

    /// <summary>User + system CPU time of a process so far.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After "pid (comm)": state is field 0; utime and stime are fields 11 and 12.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident memory of a process, in MiB.</summary>
    public static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The sum of every sample of a Prometheus metric family whose name starts with <paramref name="prefix"/> and whose labels contain <paramref name="label"/>.</summary>
    public static double Sum(string metrics, string prefix, string? label = null) => metrics
        .Split('\n')
        .Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && (label is null || l.Contains(label, StringComparison.Ordinal)))
        .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
        .Sum();

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static Stopwatch Start() => Stopwatch.StartNew();
}
