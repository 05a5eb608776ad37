using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tchek.Events.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of its own, deleted on dispose. The command queues have fixed names: on a
/// broker shared with other tests and runs, another poller would take (and answer, or not) this
/// test's commands. In a vhost of its own, only this test's poller sees them. Made through the
/// management API when the fixture knows it (milliseconds), else with <c>rabbitmqctl</c>.
/// </summary>
public sealed partial class IsolatedVirtualHost : IAsyncDisposable
{
    private readonly ServicesFixture _services;
    private readonly string _name;
    private readonly HttpClient? _management;

    private IsolatedVirtualHost(ServicesFixture services, string name, Uri uri, HttpClient? management)
    {
        _services = services;
        _name = name;
        Uri = uri;
        _management = management;
    }

    // test.sh's run, in the name: its leftover check tells this run's vhosts from another run's on a shared broker.
    private static readonly string Run = Environment.GetEnvironmentVariable("TCHEK_TEST_RUN_ID") is { Length: > 0 } run
        && run.All(char.IsAsciiLetterOrDigit) ? $"{run.ToLowerInvariant()}-" : "";

    /// <summary>The broker's URI on this vhost, with the test account's credentials.</summary>
    public Uri Uri { get; }

    public static async Task<IsolatedVirtualHost> CreateAsync(ServicesFixture services)
    {
        var name = $"tchek-test-{Run}{RandomNumberGenerator.GetHexString(8).ToLowerInvariant()}";
        var user = Uri.UnescapeDataString(services.RabbitMqUri.UserInfo.Split(':')[0]);
        var management = services.RabbitMqManagementUri is { } api ? ManagementClient(api) : null;
        if (management is not null)
        {
            await Succeeded(await management.PutAsync($"api/vhosts/{name}", null), "create the vhost");
            await Succeeded(
                await management.PutAsJsonAsync($"api/permissions/{name}/{Uri.EscapeDataString(user)}", new { configure = ".*", write = ".*", read = ".*" }),
                "grant the test account the vhost");
        }
        else
        {
            await services.RabbitMqCtlAsync(null, "add_vhost", name);
            await services.RabbitMqCtlAsync(null, "set_permissions", "-p", name, user, ".*", ".*", ".*");
        }

        return new IsolatedVirtualHost(services, name, new UriBuilder(services.RabbitMqUri) { Path = "/" + name }.Uri, management);
    }

    /// <summary>
    /// The connections open on this vhost, each as its peer and the name its client gave (MassTransit
    /// names its connection after the process, e.g. <c>testhost</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> OpenConnectionsAsync()
    {
        if (_management is not null)
        {
            var response = await _management.GetAsync($"api/vhosts/{_name}/connections");
            await Succeeded(response, "list the vhost's connections");
            using var listing = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return [.. listing.RootElement.EnumerateArray().Select(c =>
                c.TryGetProperty("client_properties", out var properties) && properties.TryGetProperty("connection_name", out var named)
                    ? $"{c.GetProperty("name").GetString()} ({named.GetString()})"
                    : c.GetProperty("name").GetString() ?? "?")];
        }

        var lines = await _services.RabbitMqCtlAsync(null, "-q", "list_connections", "--no-table-headers", "vhost", "name", "client_properties");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length >= 3 && columns[0] == _name)
            .Select(columns => ConnectionName().Match(columns[2]) is { Success: true } match
                ? $"{columns[1]} ({match.Groups[1].Value})"
                : columns[1])];
    }

    public async ValueTask DisposeAsync()
    {
        if (_management is null)
        {
            await _services.RabbitMqCtlAsync(null, "delete_vhost", _name);
            return;
        }

        using (_management)
        {
            await Succeeded(await _management.DeleteAsync($"api/vhosts/{_name}"), "delete the vhost");
        }
    }

    private static HttpClient ManagementClient(Uri api)
    {
        var client = new HttpClient { BaseAddress = new UriBuilder(api) { UserName = "", Password = "" }.Uri, Timeout = TimeSpan.FromSeconds(30) };
        var credentials = Uri.UnescapeDataString(api.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }

    private static async Task Succeeded(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The RabbitMQ management API ({ServicesFixture.RabbitMqManagementVariable}) could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    // In rabbitmqctl's listing: {"connection_name","testhost"}
    [GeneratedRegex("""\{"connection_name","([^"]*)"\}""")]
    private static partial Regex ConnectionName();
}
