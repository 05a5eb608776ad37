using Npgsql;
using Tchek.Events.Testing;

namespace Tchek.Events.Chaos;

/// <summary>
/// One poller's own ways to RabbitMQ and PostgreSQL: a proxy per node (three broker nodes and two database members
/// against the clusters), which the run cuts to partition that poller alone.
/// </summary>
internal sealed record PollerLinks(IReadOnlyList<TcpProxy> Brokers, IReadOnlyList<TcpProxy> Databases) : IAsyncDisposable
{
    public static PollerLinks Start(IReadOnlyList<Uri> rabbitMq, string database) => new(
        [.. rabbitMq.Select(node => TcpProxy.Start(node.Host, node.Port))],
        [.. Hosts(database).Select(host => TcpProxy.Start(host.Host, host.Port))]);

    public void CutBroker() => Brokers.ToList().ForEach(p => p.Cut());

    public void RestoreBroker() => Brokers.ToList().ForEach(p => p.Restore());

    public void CutDatabase() => Databases.ToList().ForEach(p => p.Cut());

    public void RestoreDatabase() => Databases.ToList().ForEach(p => p.Restore());

    /// <summary>The poller's settings with its connections through these proxies: every broker node and database member.</summary>
    public Dictionary<string, string> Apply(IReadOnlyDictionary<string, string> settings)
    {
        var applied = new Dictionary<string, string>(settings)
        {
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(new Uri(settings["ConnectionStrings:RabbitMq"])) { Host = "127.0.0.1", Port = Brokers[0].Port }.Uri.ToString(),
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Postgres"])
            {
                Host = string.Join(',', Databases.Select(p => $"127.0.0.1:{p.Port}")),
                Port = Databases[0].Port,
            }.ConnectionString,
        };
        if (Brokers.Count > 1)
        {
            applied[Settings.ClusterNodes] = string.Join(',', Brokers.Select(p => $"127.0.0.1:{p.Port}"));
        }

        return applied;
    }

    /// <summary>The hosts of a connection string, one or several (<c>Host=a:5441,b:5442</c>), each with its port.</summary>
    public static IReadOnlyList<(string Host, int Port)> Hosts(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return
        [
            .. builder.Host!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(entry =>
                entry.LastIndexOf(':') is var colon and > 0 && int.TryParse(entry[(colon + 1)..], out var port)
                    ? (entry[..colon], port)
                    : (entry, builder.Port)),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in Brokers.Concat(Databases))
        {
            await proxy.DisposeAsync();
        }
    }
}
