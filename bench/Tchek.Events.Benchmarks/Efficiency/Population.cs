using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tchek.Events.Benchmarks.Efficiency;

/// <summary>One life from the simulator (<c>GET /admin/lives</c>), and the uids of its twins.</summary>
internal sealed record PlannedLife(string Family, int Index, TimeSpan Start, JsonElement Steps, TimeSpan ValidFor, TimeSpan LastChange)
{
    public string Uid(string policy) => $"{Family[..1].ToUpperInvariant()}{Index:D5}{policy[..1]}";
}

/// <summary>Creates each life twice in the simulator at its start, and tracks each twin through its policy's poller.</summary>
internal sealed class Population(HttpClient simulator, IReadOnlyDictionary<string, AppProcess> pollers, double speed)
{
    public const string ApiKey = "bench-api-key-0123456789-abcdefghij";

    public static readonly IReadOnlyList<string> Families = ["prompt", "slow", "office"];

    public static async Task<List<PlannedLife>> PlanAsync(HttpClient simulator, int lives, int seed)
    {
        var planned = new List<PlannedLife>();
        foreach (var family in Families)
        {
            var generated = await simulator.GetFromJsonAsync<JsonElement>($"admin/lives?family={family}&count={lives}&seed={seed}");
            planned.AddRange(generated.EnumerateArray().Select((life, i) => new PlannedLife(
                family,
                i,
                Span(life.GetProperty("start")),
                life.GetProperty("steps").Clone(),
                Span(life.GetProperty("validFor")),
                life.GetProperty("steps").EnumerateArray().Max(s => Span(s.GetProperty("at"))))));
        }

        return [.. planned.OrderBy(l => l.Start)];
    }

    /// <summary>
    /// One token per poller, polled once before the clock starts: the first polls of a process pay for
    /// JIT and connection pools (half a second, minutes in simulated time). It expires after a simulated hour.
    /// </summary>
    public async Task WarmUpAsync(Func<string, Task<bool>> polledOnce, CancellationToken ct)
    {
        var steps = new object[] { new { at = TimeSpan.Zero, status = 0 }, new { at = TimeSpan.FromHours(1), status = 0, expired = true } };
        foreach (var (policy, poller) in pollers)
        {
            var uid = $"W00000{policy[..1]}";
            using var created = await simulator.PostAsJsonAsync("admin/tokens", new { uid, steps, validFor = TimeSpan.FromHours(1) }, ct);
            created.EnsureSuccessStatusCode();
            await TrackAsync(poller, [uid], ct);
        }

        foreach (var policy in pollers.Keys)
        {
            while (!await polledOnce(policy))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
            }
        }
    }

    /// <summary>Plays the starts in real time: each life is created and tracked <see cref="PlannedLife.Start"/> / speed after <paramref name="startedAt"/>.</summary>
    public async Task StartAllAsync(IReadOnlyList<PlannedLife> lives, DateTimeOffset startedAt, CancellationToken ct)
    {
        var next = 0;
        while (next < lives.Count)
        {
            var now = DateTimeOffset.UtcNow;
            var due = lives.Skip(next).TakeWhile(l => startedAt + (l.Start / speed) <= now).ToList();
            next += due.Count;
            if (due.Count > 0)
            {
                await Task.WhenAll(pollers.Select(async poller =>
                {
                    await Task.WhenAll(due.Select(life => CreateAsync(life, poller.Key, ct)));
                    await TrackAsync(poller.Value, [.. due.Select(l => l.Uid(poller.Key))], ct);
                }));
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            }
        }
    }

    private async Task CreateAsync(PlannedLife life, string policy, CancellationToken ct)
    {
        using var created = await simulator.PostAsJsonAsync("admin/tokens", new { uid = life.Uid(policy), steps = life.Steps, validFor = life.ValidFor }, ct);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The simulator refused {life.Uid(policy)}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(ct)}");
        }
    }

    private static async Task TrackAsync(AppProcess poller, List<string> uids, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = poller.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, "tokens/batch") { Content = JsonContent.Create(new { tokens = uids.Select(uid => new { uid }) }) };
        request.Headers.Add("X-Api-Key", ApiKey);
        using var answer = await http.SendAsync(request, ct);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The poller refused to track {uids.Count} tokens: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(ct)}");
        }
    }

    private static TimeSpan Span(JsonElement value) => TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
