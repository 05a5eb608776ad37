using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.StatusPoller.Audit;

/// <summary>Section <c>Audit</c>: how long the audit trail keeps its entries.</summary>
internal sealed class AuditOptions : IValidatableObject
{
    public const string Section = "Audit";

    /// <summary>
    /// How long an audit entry is kept, at least a day: the active instance's housekeeping deletes
    /// older ones at each pass.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention < TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:{nameof(Retention)} must be at least 1.00:00:00 (it is {Retention}).", [nameof(Retention)]);
        }
    }
}
