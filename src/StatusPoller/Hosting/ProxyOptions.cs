namespace Tchek.Events.StatusPoller.Hosting;

/// <summary>
/// Section <c>Proxy</c>: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// are believed. The client address that throttles wrong keys and sign-ins, and that the audit trail
/// records, is the connection's, unless the connection comes from one of these; then it is the address
/// the proxy says. None configured (the default) = no forwarded header is believed, not even from loopback.
/// </summary>
internal sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c> (<c>Proxy__KnownProxies__0</c>, ...).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/8</c> (an ingress controller's pod network).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Most proxies in front of the poller whose entries in <c>X-Forwarded-For</c> are read, right to left.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}
