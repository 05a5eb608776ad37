namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>Section <c>Console</c>: the operator console's session and sign-in throttle, and the overview's sampling.</summary>
internal sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>A console session ends after this long without a request (sliding).</summary>
    [Positive]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// A console session ends this long after its sign-in, however active (absolute); at least
    /// <see cref="SessionTimeout"/>.
    /// </summary>
    [Positive]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins from one client address within <see cref="FailedSignInWindow"/> before further attempts are refused (429).</summary>
    [Range(1, 1_000)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a failed sign-in counts against its client address.</summary>
    [Positive]
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Time between two samples of the overview's figures; the last hour is kept in memory.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = Section + ":{0} must be between {1} and {2}.")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);
}
