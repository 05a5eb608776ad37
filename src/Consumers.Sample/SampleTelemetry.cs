using Npgsql;
using OpenTelemetry.Resources;
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
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "tchek-consumers-sample"))
                .WithTracing(tracing => tracing.AddSource("MassTransit").AddNpgsql().AddOtlpExporter());
        }

        return services;
    }
}
