using System.Text.RegularExpressions;

namespace Tchek.Events.ServiceDefaults;

/// <summary>
/// <c>ConnectionStrings:RabbitMq</c>, an AMQP URI: <c>amqp://user:password@host:5672/vhost</c>, or
/// <c>amqps://user:password@host/vhost</c> for TLS (port 5671 unless given).
/// </summary>
internal sealed partial record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password, bool UseTls)
{
    public const ushort AmqpPort = 5672;
    public const ushort AmqpsPort = 5671;

    public static RabbitMqAddress Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw Invalid("it is not set", connectionString);
        }

        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Invalid("it is not an absolute URI with a host", connectionString);
        }

        var useTls = uri.Scheme switch
        {
            "amqp" or "rabbitmq" => false,
            "amqps" or "rabbitmqs" => true,
            _ => throw Invalid($"its scheme is {uri.Scheme}, not amqp or amqps", connectionString),
        };
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (useTls ? AmqpsPort : AmqpPort) : (ushort)uri.Port;
        if (!useTls && port == AmqpsPort)
        {
            // MassTransit switches to TLS by itself on 5671, with its lenient defaults (an untrusted
            // chain accepted): refuse rather than connect half-validated.
            throw Invalid($"it names the TLS port {AmqpsPort} with amqp://; write amqps:// so the server certificate is validated", connectionString);
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new RabbitMqAddress(
            uri.IdnHost,
            port,
            vhost.Length == 0 ? "/" : vhost,
            credentials[0].Length == 0 ? "guest" : Uri.UnescapeDataString(credentials[0]),
            credentials.Length == 2 ? Uri.UnescapeDataString(credentials[1]) : "guest",
            useTls);
    }

    /// <summary>
    /// <c>RabbitMq:ClusterNodes</c> as <c>host:port</c> entries, in the order given, each with <see cref="Port"/> when it
    /// names none; empty when not set.
    /// </summary>
    /// <exception cref="InvalidOperationException">An entry is not a host with an optional port, or is named twice.</exception>
    public IReadOnlyList<string> ClusterNodes(string? nodes)
    {
        var parsed = new List<string>();
        foreach (var node in (nodes ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Through a URI, which knows host names, IPv4, bracketed IPv6 and ports; anything more (a scheme, an account,
            // a path) is a mistake: the connection string gives those.
            if (node.Contains("//", StringComparison.Ordinal) || node.Contains('@', StringComparison.Ordinal) || node.Contains('/', StringComparison.Ordinal)
                || !Uri.TryCreate($"amqp://{node}", UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Port is 0)
            {
                throw InvalidNodes($"{node} is not a host or host:port (no scheme, account or path: ConnectionStrings:RabbitMq gives those)", nodes);
            }

            var entry = $"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? Port : uri.Port)}";
            if (parsed.Contains(entry, StringComparer.OrdinalIgnoreCase))
            {
                throw InvalidNodes($"{entry} is named twice", nodes);
            }

            if (!UseTls && entry.EndsWith($":{AmqpsPort}", StringComparison.Ordinal))
            {
                throw InvalidNodes($"{entry} is the TLS port {AmqpsPort} but ConnectionStrings:RabbitMq is amqp://; write amqps:// so the server certificates are validated", nodes);
            }

            parsed.Add(entry);
        }

        return parsed;
    }

    /// <summary><paramref name="connectionString"/> with any password replaced by <c>***</c>, for messages.</summary>
    public static string Mask(string? connectionString) =>
        connectionString is null ? "(null)" : UserInfoPassword().Replace(connectionString, "${user}***@");

    // The password never reaches a log line through this record.
    public override string ToString() => $"{(UseTls ? "amqps" : "amqp")}://{Username}@{Host}:{Port}/{VirtualHost}";

    private static InvalidOperationException InvalidNodes(string reason, string? nodes) => new(
        $"RabbitMq:ClusterNodes must list the cluster's nodes, comma-separated, each host or host:port (e.g. rabbit-0:5672,rabbit-1:5672,rabbit-2:5672), "
        + $"but {reason} (value: {nodes}; set it with the environment variable RabbitMq__ClusterNodes).");

    private static InvalidOperationException Invalid(string reason, string? connectionString) => new(
        $"ConnectionStrings:RabbitMq must be an AMQP URI such as amqp://user:password@localhost:5672/ or "
        + $"amqps://user:password@broker.example.com/vhost, but {reason} (value: {Mask(connectionString)}; set it with the "
        + "environment variable ConnectionStrings__RabbitMq).");

    // user:password@ in a URI, even a malformed one: everything up to the last @ goes, since an
    // unescaped @ or / may be part of the password (masking too much is harmless).
    [GeneratedRegex(@"(?<user>//[^/:@]*:)[\s\S]*@")]
    private static partial Regex UserInfoPassword();
}
