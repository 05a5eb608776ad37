namespace Tchek.Events.ServiceDefaults.Rules;

/// <summary>
/// Which connections earn the plaintext warning at start: outside Development, a broker reached with
/// <c>amqp://</c>, or a database whose <c>SSL Mode</c> lets the connection go unencrypted, unless every host is
/// loopback (the traffic never leaves the machine) or the option that silences it is set. Pure: the hosts pass
/// what they parsed, and log what this returns; no password is ever an input.
/// </summary>
public static class PlaintextConnections
{
    private const string TlsPage = "docs/deploying/tls.md";

    /// <summary>Npgsql's SSL modes that may connect without TLS: Disable never encrypts; Allow and Prefer (the default) fall back to plaintext.</summary>
    private static readonly string[] PlaintextSslModes = ["Disable", "Allow", "Prefer"];

    /// <summary>The warning for the broker connection, or null when none is due.</summary>
    /// <param name="host">The broker's host, as the connection string names it.</param>
    /// <param name="port">Its port.</param>
    /// <param name="useTls">Whether the URI is <c>amqps://</c>.</param>
    /// <param name="silenced">The value of <paramref name="silencedBy"/>.</param>
    /// <param name="environment">The host's environment name.</param>
    /// <param name="silencedBy">The option that silences the warning, as <c>Section:Key</c>.</param>
    public static string? BrokerWarning(string host, int port, bool useTls, bool silenced, string environment, string silencedBy)
    {
        ArgumentNullException.ThrowIfNull(host);
        return useTls || silenced || IsDevelopment(environment) || IsLoopback(host)
            ? null
            : $"ConnectionStrings:RabbitMq is amqp:// to {host}:{port} (environment {environment}): the broker's password and every message "
              + $"cross the network unencrypted. Use amqps:// ({TlsPage}), or set {silencedBy}=true to silence this warning on a network you trust.";
    }

    /// <summary>The warning for a database connection, or null when none is due.</summary>
    /// <param name="connection">The connection string's key, e.g. <c>ConnectionStrings:Postgres</c>.</param>
    /// <param name="hosts">Its <c>Host</c> value: one host or several, comma-separated, each with an optional <c>:port</c>.</param>
    /// <param name="sslMode">Its effective SSL mode, as Npgsql names it (<c>Prefer</c> when not set).</param>
    /// <param name="silenced">The value of <paramref name="silencedBy"/>.</param>
    /// <param name="environment">The host's environment name.</param>
    /// <param name="silencedBy">The option that silences the warning, as <c>Section:Key</c>.</param>
    public static string? DatabaseWarning(string connection, string? hosts, string sslMode, bool silenced, string environment, string silencedBy)
    {
        var names = Hosts(hosts);
        if (silenced || IsDevelopment(environment) || !PlaintextSslModes.Contains(sslMode, StringComparer.OrdinalIgnoreCase)
            || (names.Count > 0 && names.All(IsLoopback)))
        {
            return null;
        }

        var why = sslMode.Equals("Disable", StringComparison.OrdinalIgnoreCase)
            ? "never encrypts"
            : "falls back to plaintext whenever the server, or anyone in between, declines TLS";
        return $"{connection} has SSL Mode={sslMode}, which {why}, to {string.Join(", ", names)} (environment {environment}): the database's "
            + $"password and data may cross the network unencrypted. Set SSL Mode=VerifyFull ({TlsPage}), or set {silencedBy}=true to silence "
            + "this warning on a network you trust.";
    }

    /// <summary>The host names of an Npgsql <c>Host</c> value, without their ports.</summary>
    /// <param name="hosts">One host or several, comma-separated: <c>db1:5432,db2</c>, <c>[::1]:5432</c>, a Unix socket directory.</param>
    public static IReadOnlyList<string> Hosts(string? hosts) =>
        [.. (hosts ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(WithoutPort)];

    /// <summary>
    /// Whether traffic to <paramref name="host"/> stays on this machine: <c>localhost</c>, 127.0.0.0/8, <c>::1</c>,
    /// or a Unix domain socket (an absolute path, or an abstract socket starting with <c>@</c>).
    /// </summary>
    /// <param name="host">A host name, an IP address (IPv6 with or without brackets) or a socket path.</param>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim().Trim('[', ']');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || name is "::1" or "0:0:0:0:0:0:0:1"
            || name.StartsWith('/') || name.StartsWith('@')
            || IsIpv4Loopback(name);
    }

    private static bool IsDevelopment(string environment) => environment.Equals("Development", StringComparison.OrdinalIgnoreCase);

    private static bool IsIpv4Loopback(string name)
    {
        var parts = name.Split('.');
        return parts.Length == 4 && parts[0] == "127"
            && parts.All(part => part.Length is > 0 and <= 3 && part.All(char.IsAsciiDigit) && int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    private static string WithoutPort(string host)
    {
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end < 0 ? host : host[..(end + 1)];
        }

        // One colon: host:port. More: a bare IPv6 address, which has no port here.
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon == host.LastIndexOf(':') ? host[..colon] : host;
    }
}
