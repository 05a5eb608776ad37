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

    /// <summary>CPU seconds used so far by the processes the bench cares about, by role, and by the whole machine.</summary>
    public static Dictionary<string, double> CpuByRole(int poller, int simulator)
    {
        var roles = new Dictionary<string, double> { ["poller"] = 0, ["postgres"] = 0, ["rabbitmq"] = 0, ["simulator"] = 0, ["bench"] = 0, ["other"] = 0 };
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var comm = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var role = pid == poller ? "poller" : pid == simulator ? "simulator" : pid == Environment.ProcessId ? "bench"
                    : comm == "postgres" ? "postgres" : comm is "beam.smp" or "erl_child_setup" ? "rabbitmq" : "other";
                roles[role] += CpuTime(pid).TotalSeconds;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user, nice, system, idle, iowait, irq, softirq, steal: busy is all but idle and iowait.
        roles["machine busy"] = (machine[0] + machine[1] + machine[2] + machine[5] + machine[6] + machine[7]) / TicksPerSecond;
        return roles;
    }

    /// <summary>Each role's share of the machine (all cores) between two readings, in percent.</summary>
    public static string CpuShares(Dictionary<string, double> before, Dictionary<string, double> after, TimeSpan window) =>
        string.Join(", ", after.Keys
            .Where(k => k != "other")
            .Select(k => $"{k} {(after[k] - before[k]) / (window.TotalSeconds * Environment.ProcessorCount) * 100:0}%"));

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
