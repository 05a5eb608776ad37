using System.ComponentModel.DataAnnotations;

namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>Section <c>Console:Overview</c>: how often the overview samples its figures.</summary>
internal sealed class OverviewOptions : IValidatableObject
{
    public const string Section = "Console:Overview";

    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Time between two samples of the overview's figures (each sample also reads the database-wide
    /// figures: three small queries). The last hour is kept: 3600 s / this + 1 samples.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many samples make the last hour, plus the one the first rate starts from.</summary>
    public int Capacity => (int)Math.Ceiling(OverviewFigures.Window / SampleInterval) + 1;

    /// <summary>Samples further apart than this (a stalled sampler) break a rate's line.</summary>
    public TimeSpan MaxGap => SampleInterval * 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SampleInterval < Shortest || SampleInterval > Longest)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(SampleInterval)} must be between {Shortest} and {Longest} (it is {SampleInterval}).", [nameof(SampleInterval)]);
        }
    }
}
