using System.ComponentModel.DataAnnotations;
using Tchek.Events.StatusPoller.UpstreamHealth.Rules;

namespace Tchek.Events.StatusPoller.UpstreamHealth;

/// <summary>
/// Section <c>UpstreamHealth</c>: when the vendor counts as degraded (<c>UpstreamDegraded</c>) and
/// when as restored. The defaults suit the default polling intervals; see the manual's "Upstream health"
/// (docs/policies/upstream-health.md).
/// </summary>
internal sealed class UpstreamHealthOptions : IValidatableObject, IUpstreamHealthPolicy
{
    public const string Section = "UpstreamHealth";

    /// <summary>The sliding window of polls the failed ratio is taken over (positive): ten active intervals, so a few slow answers are diluted and a real outage shows within minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Degraded when more than this share of the window's polls failed: half is an outage, not a few tokens' own trouble.</summary>
    [Range(0.0, 0.99)]
    public double FailedRatioThreshold { get; set; } = 0.5;

    /// <summary>The fewest polls in the window for the ratio to open an episode, so two timeouts on a small install are not an outage.</summary>
    [Range(1, 1_000_000)]
    public int MinimumPolls { get; set; } = 20;

    /// <summary>Degraded while a <c>Retry-After</c> hold longer than this is in force (positive): twice the active interval, past which active tokens go stale.</summary>
    public TimeSpan RetryAfterHoldThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Restored only after neither condition held for this long (positive): a recovering vendor often stumbles again, and one Restored per real recovery beats a flapping pair.</summary>
    public TimeSpan CalmPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the deciding instance checks (and every instance refreshes its gauge and the state it shows); positive, at most <see cref="CalmPeriod"/>.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(Window), Window), (nameof(RetryAfterHoldThreshold), RetryAfterHoldThreshold),
            (nameof(CalmPeriod), CalmPeriod), (nameof(CheckInterval), CheckInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{Section}:{name} must be positive (it is {value}).", [name]);
            }
        }

        if (CheckInterval > CalmPeriod)
        {
            yield return new ValidationResult($"{Section}:{nameof(CheckInterval)} must not be longer than {nameof(CalmPeriod)}.", [nameof(CheckInterval)]);
        }
    }
}
