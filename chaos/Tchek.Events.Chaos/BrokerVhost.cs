using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Tchek.Events.Chaos;

/// <summary>
/// A virtual host of the run's own on the shared RabbitMQ cluster, made fresh at the start (an earlier run's is
/// deleted first, its queues with it) and deleted at the end, so the run leaves no queue or exchange behind.
/// </summary>
internal sealed class BrokerVhost : IAsyncDisposable
{
    private readonly HttpClient _management;
    private readonly string _path;

    private BrokerVhost(HttpClient management, string name)
    {
        _management = management;
        Name = name;
        _path = $"api/vhosts/{Uri.EscapeDataString(name)}";
    }

    public string Name { get; }

    public static async Task<BrokerVhost> CreateAsync(Uri management, string name)
    {
        var user = Uri.UnescapeDataString(management.UserInfo);
        var http = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user)));
        var vhost = new BrokerVhost(http, name);
        await vhost.DeleteAsync();
        (await http.PutAsJsonAsync(vhost._path, new { })).EnsureSuccessStatusCode();
        var account = user.Split(':')[0];
        (await http.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(account)}", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
        return vhost;
    }

    /// <summary>The node URIs with this virtual host.</summary>
    public IReadOnlyList<Uri> On(IReadOnlyList<Uri> nodes) => [.. nodes.Select(node => new UriBuilder(node) { Path = "/" + Uri.EscapeDataString(Name) }.Uri)];

    private async Task DeleteAsync()
    {
        using var response = await _management.DeleteAsync(_path);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DeleteAsync();
        _management.Dispose();
    }
}
