using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Tchek.Events.ServiceDefaults;

/// <summary>The OpenTelemetry setup every host shares: its service name, MassTransit's spans and the OTLP export.</summary>
public static class OpenTelemetryExtensions
{
    /// <summary>The standard variable that turns trace export on (OTLP, gRPC by default; see <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>MassTransit's ActivitySource and Meter (its <c>DiagnosticHeaders.DefaultListenerName</c>).</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>
    /// OpenTelemetry named by <c>OTEL_SERVICE_NAME</c> (else <paramref name="defaultServiceName"/>), tracing
    /// MassTransit, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; without it no tracer provider
    /// exists, so nothing is traced. The host adds its own sources and metrics.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration, environment variables included.</param>
    /// <param name="defaultServiceName">The service name when <c>OTEL_SERVICE_NAME</c> is not set.</param>
    public static OpenTelemetryBuilder AddTchekTelemetry(this IServiceCollection services, IConfiguration configuration, string defaultServiceName)
    {
        // What to trace, for whichever tracer provider is built (the OTLP one, or a test's own).
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(MassTransit));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? defaultServiceName));
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]))
        {
            // The exporter reads the other OTEL_EXPORTER_OTLP_* variables (protocol, headers, timeout) itself.
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter());
        }

        return telemetry;
    }
}
