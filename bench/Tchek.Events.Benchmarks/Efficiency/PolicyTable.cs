using System.Globalization;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>
/// The two policies as the bench runs them: every duration is a real-world one (simulated time),
/// divided by the speed when handed to the poller. One table, so the figures say what they measure.
/// </summary>
internal static class PolicyTable
{
    public const string Fixed = "Fixed";
    public const string Adaptive = "Adaptive";

    // The poller's own defaults: the bench measures what a deployment gets out of the box.
    private static readonly PollingOptions Defaults = new();

    /// <summary>Both policies: the schedule's durations (the poller's defaults).</summary>
    public static readonly IReadOnlyList<(string Key, TimeSpan Value)> Schedule =
    [
        ("Polling:UnopenedInterval", Defaults.UnopenedInterval),
        ("Polling:ActiveInterval", Defaults.ActiveInterval),
        ("Polling:CompletedInterval", Defaults.CompletedInterval),
        ("Polling:CompletedTail", Defaults.CompletedTail),
        ("Polling:ExpiredValidationGrace", Defaults.ExpiredValidationGrace),
        ("Polling:FailureBackoff", Defaults.FailureBackoff),
        ("Polling:MaxFailureBackoff", Defaults.MaxFailureBackoff),
    ];

    /// <summary>Adaptive only: floor and ceiling per stage (the poller's defaults).</summary>
    public static readonly IReadOnlyList<(string Stage, TimeSpan Floor, TimeSpan Ceiling)> AdaptiveStages =
        [.. Enum.GetValues<AdaptiveStage>().Select(stage => (stage.ToString(), Defaults.Adaptive.Of(stage).Floor, Defaults.Adaptive.Of(stage).Ceiling))];

    public static readonly double AdaptiveGrowth = Defaults.Adaptive.Growth;

    /// <summary>
    /// How often a poller with nothing due claims again, in real time: what the bench adds to every
    /// detection delay at most (× speed in simulated time), besides the request itself.
    /// </summary>
    public static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(10);

    public static TimeSpan CompletedTail => Schedule.Single(s => s.Key == "Polling:CompletedTail").Value;

    public static TimeSpan ExpiredValidationGrace => Schedule.Single(s => s.Key == "Polling:ExpiredValidationGrace").Value;

    /// <summary>The poller's options for <paramref name="policy"/> with its intervals × <paramref name="scale"/> (the replay's curve).</summary>
    public static PollingOptions Options(string policy, double scale)
    {
        var options = new PollingOptions { Policy = policy == Adaptive ? SchedulePolicyKind.Adaptive : SchedulePolicyKind.Fixed };
        options.UnopenedInterval *= scale;
        options.ActiveInterval *= scale;
        options.CompletedInterval *= scale;
        foreach (var stage in Enum.GetValues<AdaptiveStage>())
        {
            var bounds = options.Adaptive.Of(stage);
            (bounds.Floor, bounds.Ceiling) = (bounds.Floor * scale, bounds.Ceiling * scale);
        }

        return options;
    }

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
