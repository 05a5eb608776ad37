namespace Tchek.Events.StatusPoller.Claim;

/// <summary>The rules of <see cref="PollingOptions"/> that no attribute can say: they run even when an attribute refused a value.</summary>
internal sealed class PollingOptionsValidator : IValidateOptions<PollingOptions>
{
    private const string Section = PollingOptions.Section;

    public ValidateOptionsResult Validate(string? name, PollingOptions options)
    {
        var failures = new List<string>();

        // A name the binder could not read fails binding itself, naming the key; a number it read is checked here.
        if (!Enum.IsDefined(options.Policy))
        {
            failures.Add($"{Section}:{nameof(options.Policy)} must be {string.Join(" or ", Enum.GetNames<SchedulePolicyKind>())} (it is {options.Policy}).");
        }

        failures.AddRange(options.Adaptive.Problems($"{Section}:{nameof(options.Adaptive)}"));

        if (options.MaxFailureBackoff < options.FailureBackoff)
        {
            failures.Add(OptionChecks.NotAtLeast($"{Section}:{nameof(options.MaxFailureBackoff)}", options.MaxFailureBackoff, nameof(options.FailureBackoff), options.FailureBackoff));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
