using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tchek.Events.ServiceDefaults;

/// <summary>
/// The probes compose and Kubernetes ask: <c>/health/live</c> answers while the process runs; <c>/health/ready</c> runs
/// the checks tagged <see cref="ReadyTag"/> and answers 200 unless one is Unhealthy.
/// </summary>
public static class HealthCheckExtensions
{
    /// <summary>The liveness path: no checks run.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness path: the checks tagged <see cref="ReadyTag"/>.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of a check that the instance must pass to take work.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Whether <paramref name="check"/> is one of the checks behind <c>/health/ready</c>.</summary>
    /// <param name="check">A registered health check.</param>
    public static bool IsReadinessCheck(HealthCheckRegistration check) => check.Tags.Contains(ReadyTag);

    /// <summary>Maps <see cref="LivePath"/> and <see cref="ReadyPath"/>.</summary>
    /// <param name="endpoints">The host's endpoints.</param>
    public static IEndpointRouteBuilder MapTchekHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = IsReadinessCheck });
        return endpoints;
    }
}
