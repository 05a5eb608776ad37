using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tchek.Events.StatusPoller.Operations.Rules;

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

    /// <summary>
    /// With <c>Management:Port</c> set, listens on it too (same addresses as <c>Urls</c>); <see cref="UseManagementPort"/>
    /// then keeps <c>/metrics</c> and the probes there, and everything else off it.
    /// </summary>
    public static WebApplicationBuilder AddManagementPort(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetValue<int?>($"{ManagementOptions.Section}:{nameof(ManagementOptions.Port)}") is { } port and > 0 and <= 65535)
        {
            // Urls (or --urls, ASPNETCORE_URLS), else the container images' ASPNETCORE_HTTP_PORTS, else Kestrel's default.
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey]
                ?? (builder.Configuration[WebHostDefaults.HttpPortsKey] is { Length: > 0 } ports
                    ? string.Join(';', ports.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://+:{p}"))
                    : "http://localhost:5000");
            builder.WebHost.UseUrls([.. ManagementEndpoints.ListenUrls(urls, port)]);
        }

        return builder;
    }

    /// <summary>With a management port, answers 404 to a management path off it, and to any other path on it.</summary>
    public static WebApplication UseManagementPort(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Port is { } port)
        {
            app.Use((context, next) =>
            {
                if (ManagementEndpoints.Serves(port, context.Connection.LocalPort, context.Request.Path))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        return app;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapTchekHealthChecks();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
