namespace Tchek.Events.StatusPoller.Claim;

/// <summary>
/// Section <c>Polling:Adaptive</c>: the Adaptive policy's growth and each stage's floor and ceiling.
/// Bound and validated whatever <c>Polling:Policy</c> says, so switching policy never meets bad values.
/// </summary>
internal sealed class AdaptivePollingOptions
{
    /// <summary>Each poll that saw no change waits this many times longer than the last (a number greater than 1).</summary>
    public double Growth { get; set; } = 1.5;

    // Quick after a change that predicts the next one, backed off through the long waits (docs/contributing/decisions.md).
    /// <summary>Link never opened (progress 0, a chase-up included).</summary>
    public AdaptiveStageOptions Unopened { get; set; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100));

    /// <summary>Opened or taking pictures (progress 1..2).</summary>
    public AdaptiveStageOptions Shooting { get; set; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    // A ceiling under validation's shortest usual length sees 4 before 5, then polls 5 in closely.
    /// <summary>Pictures in, waiting for the vendor's validation (progress 3).</summary>
    public AdaptiveStageOptions AwaitingValidation { get; set; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));

    /// <summary>Damage validation under way (progress 4).</summary>
    public AdaptiveStageOptions Validating { get; set; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

    /// <summary>The completed tail (progress 5).</summary>
    public AdaptiveStageOptions Completed { get; set; } = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));

    /// <summary>The range of <paramref name="stage"/>.</summary>
    public AdaptiveStageOptions Of(AdaptiveStage stage) => stage switch
    {
        AdaptiveStage.Unopened => Unopened,
        AdaptiveStage.Shooting => Shooting,
        AdaptiveStage.AwaitingValidation => AwaitingValidation,
        AdaptiveStage.Validating => Validating,
        AdaptiveStage.Completed => Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Not an adaptive stage."),
    };

    /// <summary>Every problem with these values, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        // Written so NaN fails too.
        if (!(Growth > 1) || double.IsInfinity(Growth))
        {
            yield return $"{section}:{nameof(Growth)} must be a number greater than 1 (it is {Growth}).";
        }

        foreach (var stage in Enum.GetValues<AdaptiveStage>())
        {
            // The binder's validation does not descend into nested objects: each stage's attributes are checked here.
            var range = Of(stage);
            var failures = new List<ValidationResult>();
            Validator.TryValidateObject(range, new ValidationContext(range, new Dictionary<object, object?> { [OptionChecks.SectionItem] = $"{section}:{stage}" }), failures, validateAllProperties: true);
            foreach (var failure in failures)
            {
                yield return failure.ErrorMessage!;
            }

            if (range.Ceiling < range.Floor)
            {
                yield return OptionChecks.NotAtLeast($"{section}:{stage}:{nameof(range.Ceiling)}", range.Ceiling, $"its {nameof(range.Floor)}", range.Floor);
            }
        }
    }
}

/// <summary>One stage's interval range under the Adaptive policy (<c>Polling:Adaptive:&lt;Stage&gt;</c>).</summary>
internal sealed class AdaptiveStageOptions
{
    // The binder needs a parameterless constructor to create a section the defaults do not hold.
    public AdaptiveStageOptions()
    {
    }

    public AdaptiveStageOptions(TimeSpan floor, TimeSpan ceiling) => (Floor, Ceiling) = (floor, ceiling);

    /// <summary>The interval right after a change, and the shortest.</summary>
    [Positive]
    public TimeSpan Floor { get; set; }

    /// <summary>The longest interval, reached through quiet polls; at least the floor.</summary>
    public TimeSpan Ceiling { get; set; }
}
