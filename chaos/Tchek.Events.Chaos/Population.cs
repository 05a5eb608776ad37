using System.Net.Http.Json;
using System.Text.Json;
using Tchek.Events.Testing;

namespace Tchek.Events.Chaos;

/// <summary>Creates simulated tokens with random lives, a wave each second, and tracks each wave through a poller's API (any that answers).</summary>
internal sealed class Population(ChaosOptions options, HttpClient simulator, IReadOnlyList<AppProcess> pollers)
{
    public const string ApiKey = "chaos-api-key-0123456789-abcdefghij";

    private readonly List<string> _uids = [];

    public IReadOnlyList<string> Uids => _uids;

    public int TrackRetries { get; private set; }

    public async Task RunAsync(TimeSpan over, CancellationToken ct)
    {
        var waves = Math.Max(1, (int)over.TotalSeconds);
        var started = DateTime.UtcNow;
        for (var wave = 0; wave < waves; wave++)
        {
            var count = (options.Tokens * (wave + 1) / waves) - (options.Tokens * wave / waves);
            if (count > 0)
            {
                var created = await (await simulator.PostAsJsonAsync("admin/tokens/bulk", new { count }, ct)).EnsureSuccessStatusCode()
                    .Content.ReadFromJsonAsync<JsonElement>(ct);
                var uids = created.GetProperty("uids").EnumerateArray().Select(u => u.GetString()!).ToList();
                await TrackAsync(uids, ct);
                _uids.AddRange(uids);
            }

            var next = started + over * (wave + 1) / waves;
            if (next > DateTime.UtcNow)
            {
                await Task.Delay(next - DateTime.UtcNow, ct);
            }
        }
    }

    // A poller may be down, paused or cut off from its database at this moment: try the others, then again.
    private async Task TrackAsync(List<string> uids, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        for (var attempt = 0; ; attempt++)
        {
            var poller = pollers[attempt % pollers.Count];
            try
            {
                if (poller.Running)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(poller.Url, "tokens/batch"))
                    {
                        Content = JsonContent.Create(new { tokens = uids.Select(uid => new { uid }) }),
                    };
                    request.Headers.Add("X-Api-Key", ApiKey);
                    if ((await http.SendAsync(request, ct)).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
            }

            TrackRetries++;
            await Task.Delay(200, ct);
        }
    }
}
