namespace Tchek.Events.StatusPoller.Claim;

/// <summary>Section <c>Polling</c>: how often tokens are polled and how the work is claimed.</summary>
internal sealed class PollingOptions : ISchedulePolicy
{
    public const string Section = "Polling";

    /// <summary>Most tokens claimed in one claim query.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Most vendor requests in flight at once on this instance.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Most poll results written in one transaction.</summary>
    [Range(1, 10_000)]
    public int WriteBatchSize { get; set; } = 200;

    /// <summary>
    /// How long a write of unchanged polls waits for more before it commits, so a busy instance commits many polls per
    /// transaction. A batch that holds an event, or is full, commits at once; 0 never waits. A token's row shows an
    /// unchanged poll up to this long later, and a change that comes while every writer waits is held up to this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Write transactions in flight at once. Each token is in at most one (its claim), so they never touch the same rows.</summary>
    [Range(1, 16)]
    public int Writers { get; set; } = 2;

    /// <summary>How long a claim holds a token; past it another instance may take the token over.</summary>
    [Positive]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long to wait before claiming again when nothing was due.</summary>
    [Positive]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The rule that plans the interval after a successful poll: <c>Fixed</c> or <c>Adaptive</c>
    /// (<see cref="Adaptive"/>); any other value stops the start. See docs/policies/tracking-policy.md.
    /// </summary>
    public SchedulePolicyKind Policy { get; set; } = SchedulePolicyKind.Fixed;

    /// <summary>The Adaptive policy's growth and per-stage floors and ceilings; bound and checked whatever the policy.</summary>
    public AdaptivePollingOptions Adaptive { get; set; } = new();

    /// <summary>Fixed policy: interval while the link is unopened (status 0, no progress).</summary>
    [Positive]
    public TimeSpan UnopenedInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fixed policy: interval while an inspection is under way (progress 1..4, or a chase-up).</summary>
    [Positive]
    public TimeSpan ActiveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Fixed policy: interval after completion, during the completed tail.</summary>
    [Positive]
    public TimeSpan CompletedInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a completed token is still polled (late damage figures); then tracking stops.</summary>
    [Positive]
    public TimeSpan CompletedTail { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// An expired token whose pictures are in (progress 3 or 4) is still polled this long after its
    /// expiry, so the vendor's validation and report are not missed.
    /// </summary>
    [Positive]
    public TimeSpan ExpiredValidationGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>First back-off after a failed poll; doubles with each consecutive failure.</summary>
    [Positive]
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest back-off; at least <see cref="FailureBackoff"/>.</summary>
    [Positive]
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Each interval is spread by up to this fraction either way, so tokens tracked together do not poll together.</summary>
    [Range(0.0, 0.5)]
    public double JitterRatio { get; set; } = 0.1;

    /// <summary>Consecutive "not found" answers after which tracking stops with reason <c>NotFound</c>.</summary>
    [Range(1, 1_000)]
    public int NotFoundThreshold { get; set; } = 3;

    double ISchedulePolicy.AdaptiveGrowth => Adaptive.Growth;

    StageBounds ISchedulePolicy.AdaptiveBounds(AdaptiveStage stage) => new(Adaptive.Of(stage).Floor, Adaptive.Of(stage).Ceiling);
}
