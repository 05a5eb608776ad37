using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tchek.Events.StatusPoller.Operations;

internal static class OperationsExtensions
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<Housekeeping>();
        // MassTransit registers its bus check with the "ready" tag too.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres", tags: [HealthCheckExtensions.ReadyTag]);
        // The same checks, run in the background, feed the tchek.ready gauge: an instance that runs
        // but is not ready shows in Prometheus (the TchekPollerNotReady alert), not only to its probe.
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Predicate = HealthCheckExtensions.IsReadinessCheck;
            options.Delay = TimeSpan.FromSeconds(2);
            options.Period = TimeSpan.FromSeconds(10);
        });
        services.AddSingleton<IHealthCheckPublisher, ReadinessGauge>();
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapTchekHealthChecks();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
