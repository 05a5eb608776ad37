namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>A session's absolute lifetime must not end it before its sliding timeout could.</summary>
internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options) =>
        options.SessionLifetime >= options.SessionTimeout
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(OptionChecks.NotAtLeast(
                $"{ConsoleOptions.Section}:{nameof(options.SessionLifetime)}", options.SessionLifetime, nameof(options.SessionTimeout), options.SessionTimeout));
}
