namespace Tchek.Events.Chaos;

/// <summary>
/// One chaos run: how many tokens, how long the faults go on, how fast lives run, and whether it runs against the
/// clusters of <c>scripts/ha-services.sh</c> (<paramref name="Ha"/>) rather than a single node of each.
/// </summary>
internal sealed record ChaosOptions(int Tokens, TimeSpan Duration, double Speed, int Seed, bool Short, bool Ha = false)
{
    /// <summary>The simulator's mean step between two statuses (2 simulated minutes) in real time.</summary>
    public TimeSpan MeanStep => TimeSpan.FromMinutes(2) / Speed;

    /// <summary>The longest random life (up to 12 steps of at most 1.5 mean steps), in real time.</summary>
    public TimeSpan LongestLife => MeanStep * 1.5 * 12;

    /// <summary>How often each token is polled.</summary>
    public TimeSpan Interval => Short ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);

    /// <summary>A poller's claim: a paused poller is paused longer than this.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(5);

    /// <summary>How long one publish waits for its confirm (the poller's default): a broker partition lasts longer.</summary>
    public TimeSpan PublishTimeout => TimeSpan.FromSeconds(10);

    /// <summary>The long run: 2,000 tokens, 10 minutes of faults.</summary>
    public static ChaosOptions Long { get; } = new(2_000, TimeSpan.FromMinutes(10), Speed: 20, Seed: 0, Short: false);

    /// <summary>For CI: every fault kind at least once in about two minutes.</summary>
    public static ChaosOptions ShortRun { get; } = new(300, TimeSpan.FromSeconds(130), Speed: 60, Seed: 0, Short: true);

    /// <summary>How long a killed broker node stays down before it is started again.</summary>
    public TimeSpan BrokerNodeDown => Short ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(6);

    /// <summary>
    /// When the faults strike. Against the clusters, they end half a life before the run does: the last tokens'
    /// lives are over by then, and a cluster fault's time to heal is read from the events that follow it.
    /// </summary>
    public TimeSpan FaultWindow => Ha ? Duration - (LongestLife / 2) : Duration;

    /// <summary>
    /// Against the clusters, how long the run goes before the first fault: the quiet baseline that the delays during
    /// each fault are set against (faults, and the moments around them, fill the rest of the window).
    /// </summary>
    public TimeSpan QuietLead => !Ha ? TimeSpan.Zero : Short ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(45);

    /// <summary>The rounds of faults: every kind this many times at least.</summary>
    public int Rounds => Short ? 1 : Math.Max(2, (int)(Duration.TotalMinutes / 2.5));

    /// <summary>Why these lives cannot end within the run, or null when they can.</summary>
    public string? TooShort => LongestLife * 1.5 > Duration
        ? $"Lives last up to {LongestLife.TotalSeconds:0} s at speed {Speed}: run longer, or faster."
        : null;
}
