using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Tchek.Events.StatusPoller.Telemetry;

internal static class TelemetryExtensions
{
    /// <summary>The standard variable that turns trace export on (OTLP, gRPC by default; see <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>MassTransit's ActivitySource and Meter (its <c>DiagnosticHeaders.DefaultListenerName</c>).</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>
    /// Metrics for <c>/metrics</c>: the poller's own, .NET's runtime, MassTransit's, ASP.NET Core's,
    /// HttpClient's and Npgsql's. Traces: the poller's spans, the vendor requests, the SQL, the API
    /// requests and MassTransit's sends and receives, exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. When it is not, no tracer provider exists at all:
    /// nothing listens, so no span is started (no allocation) and no trace context goes on the
    /// messages. The sources stay open to any other in-process listener (dotnet-monitor, a test's
    /// own tracer provider, which picks up what to trace from here).
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PollerMetrics>();
        // What to trace, for whichever tracer provider is built.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(PollerTracing.SourceName)
            .AddSource(MassTransit)
            .AddHttpClientInstrumentation()
            .AddNpgsql()
            // Probes and scrapes would be most of the traces and say nothing.
            .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http =>
                !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                && !http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal)));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "tchek-status-poller"))
            .WithMetrics(metrics => metrics
                .AddMeter(PollerMetrics.MeterName)
                // .NET's own runtime metrics: GC pauses, thread pool queue and threads, for operators and the bench.
                .AddMeter("System.Runtime")
                .AddMeter(MassTransit)
                // Microsoft.AspNetCore.Hosting, Kestrel and routing; System.Net.Http and name resolution.
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Npgsql")
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]))
        {
            // The exporter reads the other OTEL_EXPORTER_OTLP_* variables (protocol, headers, timeout) itself.
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter());
        }

        return services;
    }
}
