using System.Text.RegularExpressions;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The callers' shape: every client has a key, a valid name and known scopes, no key is given twice;
/// outside Development every key is at least <see cref="MinKeyLength"/> characters (a short key can be guessed).
/// </summary>
internal sealed partial class ApiOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiOptions>
{
    public const int MinKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>();
        var keys = options.Keys.Select((key, i) => (Option: $"Api:Keys:{i}", Key: (string?)key))
            .Concat(options.Clients.Select(c => (Option: $"Api:Clients:{c.Key}:Key", c.Value.Key)))
            .ToList();
        foreach (var (client, settings) in options.Clients)
        {
            if (!ClientName().IsMatch(client))
            {
                errors.Add($"Api:Clients:{client}: a client's name is 1 to 64 letters, digits, '-', '_' or '.'.");
            }

            if (string.IsNullOrEmpty(settings.Key))
            {
                errors.Add($"Api:Clients:{client}:Key is required.");
            }

            var (scopes, unknown) = ApiScopes.Parse(settings.Scopes);
            if (unknown.Count > 0 || scopes.Count == 0)
            {
                errors.Add($"Api:Clients:{client}:Scopes must list one or more of {string.Join(", ", ApiScopes.All)} (comma-separated){(unknown.Count > 0 ? $"; not scopes: {string.Join(", ", unknown)}" : "")}.");
            }
        }

        // The option names only, never the keys.
        foreach (var twice in keys.Where(k => !string.IsNullOrEmpty(k.Key)).GroupBy(k => k.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{string.Join(", ", twice.Select(k => k.Option))}: the same key is given twice; each caller has its own.");
        }

        if (!environment.IsDevelopment())
        {
            var tooShort = keys.Where(k => (k.Key?.Length ?? 0) < MinKeyLength && !(k.Option.StartsWith("Api:Clients:", StringComparison.Ordinal) && string.IsNullOrEmpty(k.Key))).Select(k => k.Option).ToList();
            if (tooShort.Count > 0)
            {
                errors.Add($"{string.Join(", ", tooShort)}: an API key is at least {MinKeyLength} characters outside Development (environment {environment.EnvironmentName}); generate one with `openssl rand -base64 32`.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClientName();
}
