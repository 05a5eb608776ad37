namespace Tchek.Events.Consumers.Sample;

/// <summary>
/// What <c>/health/ready</c> runs besides the bus's own check: the sample database, since every
/// consumer writes its inbox there.
/// </summary>
internal static class SampleHealth
{
    public static IServiceCollection AddSampleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SampleDatabaseHealthCheck>("sample-database", tags: [HealthCheckExtensions.ReadyTag]);
        return services;
    }
}
