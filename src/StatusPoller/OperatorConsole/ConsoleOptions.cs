using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>Section <c>Console</c>: the operator console's session and sign-in throttle, and the overview's sampling.</summary>
internal sealed class ConsoleOptions : IValidatableObject
{
    public const string Section = "Console";

    /// <summary>A console session ends after this long without a request (sliding); positive.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// A console session ends this long after its sign-in, however active (absolute); positive, and at
    /// least <see cref="SessionTimeout"/>.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins from one client address within <see cref="FailedSignInWindow"/> before further attempts are refused (429).</summary>
    [Range(1, 1_000)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a failed sign-in counts against its client address; positive.</summary>
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Time between two samples of the overview's figures, between 00:00:01 and 00:05:00 (each also
    /// reads the backlog and the relay's holder; every sixth, the token counts); the last hour is kept
    /// in memory (<c>OverviewHistory</c>).
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SessionTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(SessionTimeout)} must be positive (it is {SessionTimeout}).", [nameof(SessionTimeout)]);
        }

        if (SessionLifetime <= TimeSpan.Zero || SessionLifetime < SessionTimeout)
        {
            yield return new ValidationResult($"{Section}:{nameof(SessionLifetime)} must be positive and at least {Section}:{nameof(SessionTimeout)} (it is {SessionLifetime}).", [nameof(SessionLifetime)]);
        }

        if (FailedSignInWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(FailedSignInWindow)} must be positive (it is {FailedSignInWindow}).", [nameof(FailedSignInWindow)]);
        }

        if (SampleInterval < TimeSpan.FromSeconds(1) || SampleInterval > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"{Section}:{nameof(SampleInterval)} must be between 00:00:01 and 00:05:00 (it is {SampleInterval}).", [nameof(SampleInterval)]);
        }
    }
}
