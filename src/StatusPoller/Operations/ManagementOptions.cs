namespace Tchek.Events.StatusPoller.Operations;

/// <summary>
/// Section <c>Management</c>: an optional port of its own for <c>/metrics</c> and the <c>/health</c> probes, so a
/// network policy can let the ingress reach the API and console port and only Prometheus reach the metrics.
/// </summary>
internal sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// When set, the poller also listens on this port (on the same addresses and scheme as <c>Urls</c>), serves
    /// <c>/metrics</c>, <c>/health/live</c> and <c>/health/ready</c> there only, and nothing else there. Unset
    /// (the default) = everything on the <c>Urls</c> port, as before. Must differ from the <c>Urls</c> ports.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }
}
