using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.StatusPoller.Tokens;

/// <summary>Section <c>Tracking</c>: how long what we know of a token outlives its tracking.</summary>
internal sealed class TrackingOptions : IValidatableObject
{
    public const string Section = "Tracking";

    /// <summary>How long a stopped token (its row and its events) is kept after tracking stopped; then housekeeping deletes it. Positive.</summary>
    public TimeSpan StoppedRetention { get; set; } = TimeSpan.FromDays(90);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StoppedRetention <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(StoppedRetention)} must be positive (it is {StoppedRetention}).", [nameof(StoppedRetention)]);
        }
    }
}
