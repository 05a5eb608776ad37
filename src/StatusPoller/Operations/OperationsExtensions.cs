using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Tchek.Events.StatusPoller.Operations;

internal static class OperationsExtensions
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<Housekeeping>();
        // MassTransit registers its bus check with the "ready" tag too.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
