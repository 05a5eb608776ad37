using Npgsql;
using Tchek.Events.Testing;

namespace Tchek.Events.Chaos;

/// <summary>One poller's own ways to RabbitMQ and PostgreSQL: proxies the run cuts to partition that poller alone.</summary>
internal sealed record PollerLinks(TcpProxy Broker, TcpProxy Database) : IAsyncDisposable
{
    public static PollerLinks Start(Uri rabbitMq, string database)
    {
        var postgres = new NpgsqlConnectionStringBuilder(database);
        return new PollerLinks(TcpProxy.Start(rabbitMq.Host, rabbitMq.Port), TcpProxy.Start(postgres.Host!, postgres.Port));
    }

    /// <summary>The poller's settings with its connections through these proxies.</summary>
    public Dictionary<string, string> Apply(IReadOnlyDictionary<string, string> settings) => new(settings)
    {
        ["ConnectionStrings:RabbitMq"] = new UriBuilder(new Uri(settings["ConnectionStrings:RabbitMq"])) { Host = "127.0.0.1", Port = Broker.Port }.Uri.ToString(),
        ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Postgres"]) { Host = "127.0.0.1", Port = Database.Port }.ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Database.DisposeAsync();
    }
}
