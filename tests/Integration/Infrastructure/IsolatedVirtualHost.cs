using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Tchek.Events.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of its own, deleted on dispose. The command queues have fixed names: on a
/// broker shared with other test runs, another run's poller would take (and answer, or not) this
/// test's commands. In a vhost of its own, only this test's poller sees them.
/// </summary>
public sealed partial class IsolatedVirtualHost : IAsyncDisposable
{
    private readonly ServicesFixture _services;
    private readonly string _name;

    private IsolatedVirtualHost(ServicesFixture services, string name, Uri uri)
    {
        _services = services;
        _name = name;
        Uri = uri;
    }

    /// <summary>The broker's URI on this vhost, with the test account's credentials.</summary>
    public Uri Uri { get; }

    public static async Task<IsolatedVirtualHost> CreateAsync(ServicesFixture services)
    {
        var name = $"tchek-test-{RandomNumberGenerator.GetHexString(8).ToLowerInvariant()}";
        var user = Uri.UnescapeDataString(services.RabbitMqUri.UserInfo.Split(':')[0]);
        await services.RabbitMqCtlAsync(null, "add_vhost", name);
        await services.RabbitMqCtlAsync(null, "set_permissions", "-p", name, user, ".*", ".*", ".*");
        return new IsolatedVirtualHost(services, name, new UriBuilder(services.RabbitMqUri) { Path = "/" + name }.Uri);
    }

    /// <summary>
    /// The connections open on this vhost, each as its peer and the name its client gave (MassTransit
    /// names its connection after the process, e.g. <c>testhost</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> OpenConnectionsAsync()
    {
        var listing = await _services.RabbitMqCtlAsync(null, "-q", "list_connections", "--no-table-headers", "vhost", "name", "client_properties");
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length >= 3 && columns[0] == _name)
            .Select(columns => ConnectionName().Match(columns[2]) is { Success: true } match
                ? $"{columns[1]} ({match.Groups[1].Value})"
                : columns[1])];
    }

    public async ValueTask DisposeAsync() => await _services.RabbitMqCtlAsync(null, "delete_vhost", _name);

    // In the listing: {"connection_name","testhost"}
    [GeneratedRegex("""\{"connection_name","([^"]*)"\}""")]
    private static partial Regex ConnectionName();
}
