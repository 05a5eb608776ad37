namespace Tchek.Events.StatusPoller.Operations.Rules;

/// <summary>
/// The management port's rules: which addresses the poller listens on when <c>Management:Port</c> is set, and
/// which requests each port serves. The port a request came in on is the socket's, never a header.
/// </summary>
internal static class ManagementEndpoints
{
    /// <summary>The paths of the management port: the Prometheus scrape and the probes.</summary>
    public static readonly IReadOnlyList<string> Paths = ["/metrics", "/health/live", "/health/ready"];

    /// <summary>Whether a request to <paramref name="path"/> on <paramref name="localPort"/> is served.</summary>
    public static bool Serves(int? managementPort, int localPort, string path) =>
        managementPort is not { } port || (localPort == port) == Paths.Contains(path, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The listen addresses: <paramref name="urls"/> (a <c>Urls</c> value, <c>;</c>-separated), then each distinct
    /// scheme and host of them on <paramref name="managementPort"/>. Fails naming the option when a URL has no
    /// port to tell apart, or already uses the management port.
    /// </summary>
    public static IReadOnlyList<string> ListenUrls(string urls, int managementPort)
    {
        var main = urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var management = new List<string>();
        foreach (var url in main)
        {
            var authority = url.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : throw Invalid(url, "it has no scheme");
            var end = url.IndexOf('/', authority) is var slash and >= 0 ? slash : url.Length;
            var hostAndPort = url[authority..end];
            var colon = hostAndPort.LastIndexOf(':');
            if (colon < 0 || hostAndPort.EndsWith(']'))
            {
                throw Invalid(url, "it names no port");
            }

            if (hostAndPort[(colon + 1)..] == managementPort.ToString(CultureInfo.InvariantCulture))
            {
                throw Invalid(url, $"it already uses port {managementPort}");
            }

            var candidate = $"{url[..authority]}{hostAndPort[..colon]}:{managementPort}";
            if (!management.Contains(candidate, StringComparer.OrdinalIgnoreCase))
            {
                management.Add(candidate);
            }
        }

        return [.. main, .. management];
    }

    private static InvalidOperationException Invalid(string url, string reason) =>
        new($"Management:Port needs each of Urls on another port, but {url}: {reason}. Give every Urls entry an explicit port other than Management:Port.");
}
