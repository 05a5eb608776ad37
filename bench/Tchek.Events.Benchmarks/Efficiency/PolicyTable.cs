using System.Globalization;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>
/// The two policies as the bench runs them: every duration is a real-world one (simulated time),
/// divided by the speed when handed to the poller. One table, so the figures say what they measure.
/// </summary>
internal static class PolicyTable
{
    public const string Fixed = "Fixed";
    public const string Adaptive = "Adaptive";

    /// <summary>Both policies: the schedule's durations (the poller's defaults).</summary>
    public static readonly IReadOnlyList<(string Key, TimeSpan Value)> Schedule =
    [
        ("Polling:UnopenedInterval", TimeSpan.FromMinutes(5)),
        ("Polling:ActiveInterval", TimeSpan.FromSeconds(30)),
        ("Polling:CompletedInterval", TimeSpan.FromMinutes(10)),
        ("Polling:CompletedTail", TimeSpan.FromHours(24)),
        ("Polling:ExpiredValidationGrace", TimeSpan.FromDays(7)),
        ("Polling:FailureBackoff", TimeSpan.FromSeconds(15)),
        ("Polling:MaxFailureBackoff", TimeSpan.FromMinutes(30)),
    ];

    /// <summary>Adaptive only: floor and ceiling per stage (the shared starting defaults of issue #15).</summary>
    public static readonly IReadOnlyList<(string Stage, TimeSpan Floor, TimeSpan Ceiling)> AdaptiveStages =
    [
        ("Unopened", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)),
        ("Shooting", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
        ("AwaitingValidation", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)),
        ("Validating", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
        ("Completed", TimeSpan.FromMinutes(1), TimeSpan.FromHours(2)),
    ];

    public const double AdaptiveGrowth = 1.5;

    /// <summary>
    /// How often a poller with nothing due claims again, in real time: what the bench adds to every
    /// detection delay at most (× speed in simulated time), besides the request itself.
    /// </summary>
    public static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(10);

    public static TimeSpan CompletedTail => Schedule.Single(s => s.Key == "Polling:CompletedTail").Value;

    public static TimeSpan ExpiredValidationGrace => Schedule.Single(s => s.Key == "Polling:ExpiredValidationGrace").Value;

    /// <summary>The poller's settings for <paramref name="policy"/> at <paramref name="speed"/>.</summary>
    public static Dictionary<string, string> Settings(string policy, double speed)
    {
        var settings = new Dictionary<string, string>
        {
            ["Polling:Policy"] = policy,
            ["Polling:IdleDelay"] = Duration(IdleDelay),
            // The vendor's rate cap and a budget are other questions: neither may bind here.
            ["Tchek:MaxRequestsPerSecond"] = "100000",
        };
        foreach (var (key, value) in Schedule)
        {
            settings[key] = Duration(value / speed);
        }

        if (policy == Adaptive)
        {
            foreach (var (stage, floor, ceiling) in AdaptiveStages)
            {
                settings[$"Polling:Adaptive:{stage}:Floor"] = Duration(floor / speed);
                settings[$"Polling:Adaptive:{stage}:Ceiling"] = Duration(ceiling / speed);
            }

            settings["Polling:Adaptive:Growth"] = AdaptiveGrowth.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
