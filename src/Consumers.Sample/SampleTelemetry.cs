using OpenTelemetry.Trace;

namespace Tchek.Events.Consumers.Sample;

internal static class SampleTelemetry
{
    /// <summary>
    /// Traces receives, consumes and the inbox's SQL over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set; otherwise no tracer provider exists and nothing is recorded.
    /// </summary>
    public static IServiceCollection AddSampleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddNpgsql());
        services.AddTchekTelemetry(configuration, "tchek-consumers-sample");
        return services;
    }
}
