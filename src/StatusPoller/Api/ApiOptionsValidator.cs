using Microsoft.Extensions.Options;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>Outside Development every API key is at least <see cref="MinKeyLength"/> characters: a short key can be guessed.</summary>
internal sealed class ApiOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiOptions>
{
    public const int MinKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var tooShort = options.Keys.Select((key, i) => (key, i)).Where(k => (k.key?.Length ?? 0) < MinKeyLength).Select(k => $"Api:Keys:{k.i}").ToList();
        return tooShort.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{string.Join(", ", tooShort)}: an API key is at least {MinKeyLength} characters outside Development (environment {environment.EnvironmentName}); generate one with `openssl rand -base64 32`.");
    }
}
