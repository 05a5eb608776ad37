using OpenTelemetry.Trace;

namespace Tchek.Events.Consumers.Sample;

internal static class SampleTelemetry
{
    /// <summary>
    /// Traces MassTransit's receives and consumes (each a child of the poller's publish, from the
    /// message's headers) and the inbox's SQL, exported over OTLP when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise no tracer provider exists and nothing is
    /// recorded.
    /// </summary>
    public static IServiceCollection AddSampleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddNpgsql());
        services.AddTchekTelemetry(configuration, "tchek-consumers-sample");
        return services;
    }
}
