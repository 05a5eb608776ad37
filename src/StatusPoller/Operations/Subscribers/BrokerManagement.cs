using System.Net;
using System.Net.Http.Headers;
using Tchek.Events.StatusPoller.Operations.Subscribers.Rules;

namespace Tchek.Events.StatusPoller.Operations.Subscribers;

/// <summary>
/// The calls the <c>subscribers</c> command makes to RabbitMQ's management API. Errors carry the
/// status and the broker's reason, never the credentials.
/// </summary>
internal sealed class BrokerManagement(HttpClient http, string virtualHost, (BrokerQueueType Type, int DeliveryLimit) queueShape) : IDisposable
{
    public string VirtualHost { get; } = virtualHost;

    /// <summary>The type and delivery limit of the queues it declares.</summary>
    public (BrokerQueueType Type, int DeliveryLimit) QueueShape { get; } = queueShape;

    private string Vhost => Uri.EscapeDataString(VirtualHost);

    public static BrokerManagement Create(BrokerManagementOptions options, (BrokerQueueType Type, int DeliveryLimit) queueShape)
    {
        var http = new HttpClient { BaseAddress = options.Uri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        return new BrokerManagement(http, options.VirtualHost, queueShape);
    }

    public async Task<bool> UserExistsAsync(string user, CancellationToken ct)
    {
        using var response = await http.GetAsync($"api/users/{Uri.EscapeDataString(user)}", ct);
        return response.StatusCode != HttpStatusCode.NotFound && await Succeeded(response, "look up the account", ct);
    }

    /// <summary>An account with no tags: it may not use the management UI or API.</summary>
    public async Task PutUserAsync(string user, string password, CancellationToken ct) =>
        await Succeeded(await http.PutAsJsonAsync($"api/users/{Uri.EscapeDataString(user)}", new { password, tags = "" }, ct), "create the account", ct);

    public async Task PutPermissionAsync(string user, Permission permission, CancellationToken ct) =>
        await Succeeded(
            await http.PutAsJsonAsync($"api/permissions/{Vhost}/{Uri.EscapeDataString(user)}", new { configure = permission.Configure, write = permission.Write, read = permission.Read }, ct),
            "grant the permissions",
            ct);

    /// <summary>
    /// Declares <paramref name="queue"/> with <paramref name="arguments"/>; when they name a dead-letter exchange, that
    /// exchange too, with a queue of the same arguments bound to it, as MassTransit declares a queue's <c>_error</c>.
    /// </summary>
    public async Task DeclareQueueAsync(string queue, IReadOnlyDictionary<string, object> arguments, CancellationToken ct)
    {
        await PutQueueAsync(queue, arguments, ct);
        if (arguments.TryGetValue("x-dead-letter-exchange", out var value) && value is string deadLetters)
        {
            await Succeeded(
                await http.PutAsJsonAsync($"api/exchanges/{Vhost}/{Uri.EscapeDataString(deadLetters)}", new { type = "fanout", durable = true, auto_delete = false, @internal = false, arguments = new { } }, ct),
                $"declare exchange {deadLetters}",
                ct);
            await PutQueueAsync(deadLetters, arguments, ct);
            await BindAsync(deadLetters, deadLetters, ct);
        }
    }

    private async Task PutQueueAsync(string queue, IReadOnlyDictionary<string, object> arguments, CancellationToken ct) =>
        await Succeeded(
            await http.PutAsJsonAsync($"api/queues/{Vhost}/{Uri.EscapeDataString(queue)}", new { durable = true, auto_delete = false, arguments }, ct),
            $"declare queue {queue}",
            ct);

    public async Task BindAsync(string exchange, string queue, CancellationToken ct) =>
        await Succeeded(
            await http.PostAsJsonAsync($"api/bindings/{Vhost}/e/{Uri.EscapeDataString(exchange)}/q/{Uri.EscapeDataString(queue)}", new { routing_key = "" }, ct),
            $"bind {queue} to {exchange} (the poller declares the event exchanges: start it once first)",
            ct);

    public async Task DeleteUserAsync(string user, CancellationToken ct)
    {
        using var response = await http.DeleteAsync($"api/users/{Uri.EscapeDataString(user)}", ct);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await Succeeded(response, "delete the account", ct);
        }
    }

    /// <summary>The names of the account's open connections on the vhost.</summary>
    public Task<List<string>> ConnectionsAsync(string user, CancellationToken ct) =>
        NamesAsync($"api/vhosts/{Vhost}/connections", c => c.GetProperty("user").GetString() == user, ct);

    /// <summary>Closes the account's open connections: deleting an account does not end them.</summary>
    public async Task CloseConnectionsAsync(string user, CancellationToken ct)
    {
        foreach (var connection in await ConnectionsAsync(user, ct))
        {
            var path = $"api/connections/{Uri.EscapeDataString(connection)}";
            using var response = await http.DeleteAsync(path, ct);
            // A connection closing already (the client left, or the broker ended it) answers 404 or 500.
            if (response.StatusCode != HttpStatusCode.NotFound && !(response.StatusCode == HttpStatusCode.InternalServerError && await GoneAsync(path, ct)))
            {
                await Succeeded(response, "close a connection of the account", ct);
            }
        }
    }

    private async Task<bool> GoneAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        return response.StatusCode == HttpStatusCode.NotFound;
    }

    /// <summary>Deletes every queue and exchange of the vhost whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<int> DeleteResourcesAsync(string prefix, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var kind in new[] { "queues", "exchanges" })
        {
            foreach (var name in await NamesAsync($"api/{kind}/{Vhost}?columns=name", r => r.GetProperty("name").GetString()!.StartsWith(prefix, StringComparison.Ordinal), ct))
            {
                using var response = await http.DeleteAsync($"api/{kind}/{Vhost}/{Uri.EscapeDataString(name)}", ct);
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    await Succeeded(response, $"delete {name}", ct);
                    deleted++;
                }
            }
        }

        return deleted;
    }

    public void Dispose() => http.Dispose();

    private async Task<List<string>> NamesAsync(string path, Func<JsonElement, bool> where, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        await Succeeded(response, "list " + path.Split('/')[1], ct);
        using var listing = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return [.. listing.RootElement.EnumerateArray().Where(where).Select(e => e.GetProperty("name").GetString()!)];
    }

    private static async Task<bool> Succeeded(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var reason = await response.Content.ReadAsStringAsync(ct);
        throw new InvalidOperationException($"The broker's management API could not {what}: {(int)response.StatusCode} {reason}");
    }
}
