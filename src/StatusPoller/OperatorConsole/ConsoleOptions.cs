using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>Section <c>Console</c>: the operator console's session and sign-in throttle.</summary>
internal sealed class ConsoleOptions : IValidatableObject
{
    public const string Section = "Console";

    /// <summary>A console session ends after this long without a request (sliding).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Failed sign-ins from one client address within <see cref="FailedSignInWindow"/> before further attempts are refused.</summary>
    [Range(1, 1_000)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a failed sign-in counts against its client address.</summary>
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SessionTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(SessionTimeout)} must be positive (it is {SessionTimeout}).", [nameof(SessionTimeout)]);
        }

        if (FailedSignInWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(FailedSignInWindow)} must be positive (it is {FailedSignInWindow}).", [nameof(FailedSignInWindow)]);
        }
    }
}
