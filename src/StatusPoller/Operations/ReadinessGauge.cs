using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tchek.Events.StatusPoller.Operations;

/// <summary>Publishes the readiness checks' verdict as the <c>tchek.ready</c> gauge.</summary>
internal sealed class ReadinessGauge(PollerMetrics metrics) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        // As /health/ready answers: 200 unless a check is Unhealthy (Degraded still serves).
        metrics.Ready(report.Status != HealthStatus.Unhealthy);
        return Task.CompletedTask;
    }
}
