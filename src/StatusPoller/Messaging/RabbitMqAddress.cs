namespace Tchek.Events.StatusPoller.Messaging;

/// <summary><c>ConnectionStrings:RabbitMq</c>, an AMQP URI such as <c>amqp://user:password@host:5672/vhost</c>.</summary>
internal sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static RabbitMqAddress Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)
            || !Uri.TryCreate(connectionString, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("amqp" or "rabbitmq"))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:RabbitMq must be an AMQP URI such as amqp://user:password@localhost:5672/ (set it with the environment variable ConnectionStrings__RabbitMq).");
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new RabbitMqAddress(
            uri.Host,
            (ushort)(uri.IsDefaultPort || uri.Port <= 0 ? 5672 : uri.Port),
            vhost.Length == 0 ? "/" : vhost,
            credentials[0].Length == 0 ? "guest" : Uri.UnescapeDataString(credentials[0]),
            credentials.Length == 2 ? Uri.UnescapeDataString(credentials[1]) : "guest");
    }

    // The password never reaches a log line through this record.
    public override string ToString() => $"amqp://{Username}@{Host}:{Port}/{VirtualHost}";
}
