using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Tchek.Events.Benchmarks;

/// <summary>
/// The bench's own RabbitMQ vhost, so its events fill no queue of anyone else's (a developer's
/// <c>./run.sh</c> queues, say): made through the management API when it answers, else with
/// <c>rabbitmqctl</c> on a local broker, and deleted at the end of the session.
/// </summary>
internal sealed class BenchVirtualHost
{
    private readonly HttpClient? _management;
    private int _deleted;

    private BenchVirtualHost(string name, Uri uri, HttpClient? management)
    {
        Name = name;
        Uri = uri;
        _management = management;
    }

    public string Name { get; }

    /// <summary>The broker on this vhost, with the bench's credentials.</summary>
    public Uri Uri { get; }

    /// <summary>Whether the broker's management plugin answered: its statistics cost the broker CPU, so the report says.</summary>
    public bool ManagementPlugin => _management is not null;

    /// <summary>
    /// Makes vhost <paramref name="name"/> on <paramref name="broker"/> (whose own vhost is ignored) for its user, through
    /// <paramref name="management"/> (with credentials; by default the broker's host on port 15672 with the AMQP credentials).
    /// </summary>
    public static async Task<BenchVirtualHost> CreateAsync(string name, Uri broker, Uri? management)
    {
        var user = broker.UserInfo.Length == 0 ? "guest" : Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        var api = await AnsweringAsync(management ?? new UriBuilder(broker) { Scheme = "http", Port = 15672, Path = "/" }.Uri);
        if (api is not null)
        {
            await Succeeded(await api.PutAsync($"api/vhosts/{name}", null), $"create vhost {name}");
            await Succeeded(
                await api.PutAsJsonAsync($"api/permissions/{name}/{Uri.EscapeDataString(user)}", new { configure = ".*", write = ".*", read = ".*" }),
                $"give {user} vhost {name}");
        }
        else if (broker.IsLoopback)
        {
            RabbitMqCtl("add_vhost", name);
            RabbitMqCtl("set_permissions", "-p", name, user, ".*", ".*", ".*");
        }
        else
        {
            throw new InvalidOperationException(
                $"The bench needs a vhost of its own on {broker.Host}: set TCHEK_TEST_RABBITMQ_MANAGEMENT to the broker's management API (http://user:password@host:15672/).");
        }

        return new BenchVirtualHost(name, new UriBuilder(broker) { Path = "/" + name }.Uri, api);
    }

    /// <summary>Deletes the vhost, with every queue and exchange in it; a second call does nothing.</summary>
    public async Task DeleteAsync()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 1)
        {
            return;
        }

        if (_management is null)
        {
            RabbitMqCtl("delete_vhost", Name);
            return;
        }

        using (_management)
        {
            var response = await _management.DeleteAsync($"api/vhosts/{Name}");
            await Succeeded(response, $"delete vhost {Name}");
        }
    }

    private static async Task<HttpClient?> AnsweringAsync(Uri api)
    {
        var client = new HttpClient { BaseAddress = new UriBuilder(api) { UserName = "", Password = "" }.Uri, Timeout = TimeSpan.FromSeconds(30) };
        var credentials = api.UserInfo.Length == 0 ? "guest:guest" : Uri.UnescapeDataString(api.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        try
        {
            using var overview = await client.GetAsync("api/overview");
            if (overview.IsSuccessStatusCode)
            {
                return client;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
        }

        client.Dispose();
        return null;
    }

    private static void RabbitMqCtl(params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl could not be started.");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {args[0]} failed (exit {process.ExitCode}; no management API answered, and rabbitmqctl needs root): {error.Result}");
        }
    }

    private static async Task Succeeded(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The RabbitMQ management API could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
