using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.StatusPoller.Operations;

/// <summary>Section <c>Housekeeping</c>: how often the active relay's instance refreshes the gauges and applies retention.</summary>
internal sealed class HousekeepingOptions : IValidatableObject
{
    public const string Section = "Housekeeping";

    /// <summary>Time between two housekeeping passes (positive): how often the active relay's instance refreshes the backlog and token gauges and applies retention.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(Interval)} must be positive (it is {Interval}).", [nameof(Interval)]);
        }
    }
}
