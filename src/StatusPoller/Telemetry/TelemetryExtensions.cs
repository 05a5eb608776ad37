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
            .WithMetrics(metrics => metrics
                .AddMeter(PollerMetrics.MeterName)
                // .NET's own runtime metrics: GC pauses, thread pool queue and threads, for operators and the bench.
                .AddMeter("System.Runtime")
                .AddMeter(OpenTelemetryExtensions.MassTransit)
                // Microsoft.AspNetCore.Hosting, Kestrel and routing; System.Net.Http and name resolution.
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Npgsql")
                .AddPrometheusExporter());
        return services;
    }
}
