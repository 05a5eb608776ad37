namespace Tchek.Events.StatusPoller.UpstreamHealth;

internal static class HealthExtensions
{
    /// <summary>The upstream health signal: the window every poll feeds, the episodes' owner, the monitor, and the state pages read.</summary>
    public static IServiceCollection AddUpstreamHealth(this IServiceCollection services)
    {
        services.AddOptions<UpstreamHealthOptions>().BindConfiguration(UpstreamHealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<UpstreamHealthOptions>, UpstreamHealthOptionsValidator>();
        // The window's length is this feature's option; the window itself sits with the vendor client it observes.
        services.AddSingleton(sp => new UpstreamWindow(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<UpstreamGate>(), sp.GetRequiredService<IOptions<UpstreamHealthOptions>>().Value.Window));
        services.AddSingleton<UpstreamEpisodes>();
        // The relay publishes the episodes' events, reading and marking them through their owner.
        services.AddSingleton<IHealthEventStore>(sp => sp.GetRequiredService<UpstreamEpisodes>());
        services.AddSingleton<UpstreamHealthState>();
        services.AddHostedService<UpstreamHealthMonitor>();
        return services;
    }
}
