using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Tchek.Events.Consumers.Sample;

/// <summary>
/// The probes, as the poller has them: <c>/health/live</c> answers while the process runs;
/// <c>/health/ready</c> only while the bus is connected (MassTransit's own check, tagged "ready")
/// and the sample database answers, since every consumer writes its inbox there.
/// </summary>
internal static class SampleHealth
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IServiceCollection AddSampleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SampleDatabaseHealthCheck>("sample-database", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapSampleHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
