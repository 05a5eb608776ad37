namespace Tchek.Events.StatusPoller.UpstreamHealth;

/// <summary>A check every <see cref="UpstreamHealthOptions.CheckInterval"/> must see a calm period at least once.</summary>
internal sealed class UpstreamHealthOptionsValidator : IValidateOptions<UpstreamHealthOptions>
{
    public ValidateOptionsResult Validate(string? name, UpstreamHealthOptions options) =>
        options.CheckInterval <= options.CalmPeriod
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(OptionChecks.NotAtMost(
                $"{UpstreamHealthOptions.Section}:{nameof(options.CheckInterval)}", options.CheckInterval, nameof(options.CalmPeriod), options.CalmPeriod));
}
