using Tchek.Events.StatusPoller.Hosting;

namespace Tchek.Events.StatusPoller.Polling;

internal static class PollingExtensions
{
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IJitter, RandomJitter>();
        services.AddSingleton<PollerInstance>();
        services.AddSingleton<PollingWake>();
        services.AddSingleton<TrackedTokens>();
        services.AddSingleton<BudgetedClaims>();
        services.AddSingleton<TokenTracking>();
        services.AddSingleton<TokenFreshness>();
        services.AddHostedService<PollingWorker>();
        return services;
    }
}
