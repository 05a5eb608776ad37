using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Tchek.Events.StatusPoller.Telemetry;

internal static class TelemetryExtensions
{
    /// <summary>
    /// Metrics for <c>/metrics</c>, and traces exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set; without it no tracer provider exists, so tracing costs nothing (docs/deploying/tracing-and-logs.md).
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PollerMetrics>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        var meters = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        // What to trace, for whichever tracer provider is built.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(PollerTracing.SourceName)
            .AddHttpClientInstrumentation()
            .AddNpgsql()
            // Probes and scrapes would be most of the traces and say nothing.
            .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http =>
                !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                && !http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal)));
        services.AddTchekTelemetry(configuration, "tchek-status-poller")
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(PollerMetrics.MeterName)
                    // .NET's own runtime metrics: GC pauses, thread pool queue and threads, for operators and the bench.
                    .AddMeter("System.Runtime")
                    .AddPrometheusExporter();
                AddLibraryMeters(metrics, meters);
            });
        return services;
    }

    // A meter no listener enables records nothing: each library's instruments cost a poll only when switched on here.
    private static void AddLibraryMeters(MeterProviderBuilder metrics, TelemetryOptions meters)
    {
        if (meters.MassTransitMeter)
        {
            metrics.AddMeter(OpenTelemetryExtensions.MassTransit);
        }

        if (meters.AspNetCoreMeters)
        {
            // Microsoft.AspNetCore.Hosting, Kestrel and routing.
            metrics.AddAspNetCoreInstrumentation();
        }

        if (meters.HttpClientMeters)
        {
            // System.Net.Http and name resolution.
            metrics.AddHttpClientInstrumentation();
        }

        if (meters.NpgsqlMeter)
        {
            metrics.AddMeter("Npgsql");
        }
    }
}
