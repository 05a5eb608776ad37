using Tchek.Events.StatusPoller.Write;

namespace Tchek.Events.StatusPoller.Claim;

internal static class PollingExtensions
{
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PollingOptions>, PollingOptionsValidator>();
        services.AddSingleton<ISchedulePolicy>(provider => provider.GetRequiredService<IOptions<PollingOptions>>().Value);
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IJitter, RandomJitter>();
        services.AddSingleton<PollerInstance>();
        services.AddSingleton<PollingWake>();
        services.AddSingleton<TrackedTokens>();
        services.AddSingleton<RequestBudgets>();
        services.AddSingleton<BudgetedClaims>();
        services.AddSingleton<TokenClaims>();
        services.AddSingleton<PollWriter>();
        services.AddSingleton<TokenTracking>();
        services.AddSingleton<TokenFreshness>();
        services.AddHostedService<PollingWorker>();
        return services;
    }
}
