using Microsoft.Extensions.Options;

namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

internal static class OverviewExtensions
{
    /// <summary>The overview's sampler and its in-memory history (the page reads the history).</summary>
    public static IServiceCollection AddConsoleOverview(this IServiceCollection services)
    {
        services.AddOptions<OverviewOptions>().BindConfiguration(OverviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PollerCounters>();
        services.AddSingleton(sp => new OverviewHistory(sp.GetRequiredService<IOptions<OverviewOptions>>().Value.Capacity));
        services.AddHostedService<OverviewSampler>();
        return services;
    }
}
