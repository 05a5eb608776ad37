using Tchek.Events.StatusPoller.Hosting.Rules;

namespace Tchek.Events.StatusPoller.Hosting;

/// <summary>
/// Outside Development the poller refuses to start while a configuration value (an API key, a password,
/// a connection string) is one of the placeholders the repository ships (<see cref="ShippedPlaceholders"/>):
/// the start fails naming the option, never its value.
/// </summary>
internal static class PlaceholderSecrets
{
    public static IServiceCollection AddPlaceholderCheck(this IServiceCollection services)
    {
        services.AddOptions<Check>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Check>, Validator>();
        return services;
    }

    /// <summary>Runs the check now, for a command that starts no host (<c>migrate</c>): throws as a start would.</summary>
    public static void RefusePlaceholders(this IServiceProvider services) => _ = services.GetRequiredService<IOptions<Check>>().Value;

    /// <summary>The check's options: none; it exists to be validated at start.</summary>
    internal sealed class Check;

    private sealed class Validator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<Check>
    {
        public ValidateOptionsResult Validate(string? name, Check options)
        {
            if (environment.IsDevelopment())
            {
                return ValidateOptionsResult.Success;
            }

            var found = ShippedPlaceholders.Find(configuration.AsEnumerable());
            return found.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{string.Join(", ", found)}: still a placeholder shipped with the repository (REPLACE-ME); set a real secret from your secret store (environment {environment.EnvironmentName}).");
        }
    }
}
