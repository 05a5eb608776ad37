using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Hosting;
using Tchek.Events.StatusPoller.Tokens;

namespace Tchek.Events.StatusPoller.Claim;

internal static class PollingExtensions
{
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ISchedulePolicy>(provider => provider.GetRequiredService<IOptions<PollingOptions>>().Value);
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IJitter, RandomJitter>();
        services.AddSingleton<PollerInstance>();
        services.AddSingleton<PollingWake>();
        services.AddSingleton<TrackedTokens>();
        services.AddSingleton<RequestBudgets>();
        services.AddSingleton<BudgetedClaims>();
        services.AddSingleton<TokenTracking>();
        services.AddSingleton<TokenFreshness>();
        services.AddHostedService<PollingWorker>();
        return services;
    }
}
