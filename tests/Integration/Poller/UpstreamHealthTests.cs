using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The upstream health signal against the real vendor simulator (a process) and its faults: the
/// real poller, PostgreSQL and RabbitMQ, with small thresholds. A subscriber bound to the
/// <see cref="IUpstreamHealthEvent"/> exchange gets exactly one Degraded and one Restored per
/// episode, however many instances run, and a tracked token's view says when it went stale.
/// </summary>
[Collection("services")]
public sealed partial class UpstreamHealthTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CalmPeriod = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    private AppProcess _simulator = null!;
    private HealthEventSink _health = null!;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        Directory.CreateDirectory(Path.Combine(AppProcess.RepoRoot, "logs"));
        _simulator = Own(await AppProcess.StartAsync("Simulator", "upstream-health-simulator.log", new Dictionary<string, string> { ["Simulator:Seed"] = "14" }, "/health/live"));
        _health = Own(await HealthEventSink.StartAsync(RabbitMqUri));
    }

    private Dictionary<string, string?> Health(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tchek:BaseUrl"] = new Uri(_simulator.Url, "apiV1/").ToString(),
            ["UpstreamHealth:Window"] = "00:00:03",
            ["UpstreamHealth:FailedRatioThreshold"] = "0.5",
            ["UpstreamHealth:MinimumPolls"] = "3",
            ["UpstreamHealth:RetryAfterHoldThreshold"] = "00:00:05",
            ["UpstreamHealth:CalmPeriod"] = "00:00:03",
            ["UpstreamHealth:CheckInterval"] = "00:00:00.250",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Server_errors_give_one_Degraded_and_stale_tokens_then_one_Restored_after_the_calm_period()
    {
        await using var app = StartApp(Health());
        using var api = app.CreateApiClient();
        var uids = await TrackActiveTokensAsync(api, 4);
        await EventuallyAsync(async () => !await StaleAsync(api, uids[0]) && await LastSuccessAsync(api, uids[0]) is not null, "a first successful poll");
        Assert.Empty(_health.All);

        await SetFaultsAsync(new { serverError = 1.0 });
        await _health.WaitUntilAsync(h => h.Degraded.Count > 0, Within, "UpstreamDegraded");
        // Twice the active interval (0.5 s) without a success: stale.
        await EventuallyAsync(() => StaleAsync(api, uids[0]), "the token to show stale: true");
        await EventuallyAsync(async () => DegradedGauge(await api.GetStringAsync("/metrics")) == 1, "tchek_upstream_degraded 1");
        // The vendor keeps failing for a while: still one Degraded, no Restored.
        await Task.Delay(Window + CalmPeriod);
        var degraded = Assert.Single(_health.Degraded);
        Assert.Empty(_health.Restored);
        Assert.Equal(UpstreamDegradationCauses.FailedPolls, degraded.Cause);
        Assert.Equal(UpstreamHealthEventIds.Degraded(degraded.EpisodeId), degraded.EventId);
        Assert.Equal(degraded.EventId, _health.All.Single().MessageId);
        var figures = degraded.Figures;
        Assert.True(figures.Polls >= 3, $"{figures.Polls} polls in the window");
        Assert.InRange(figures.FailedPolls, figures.Polls / 2 + 1, figures.Polls);
        Assert.Equal((double)figures.FailedPolls / figures.Polls, figures.FailedRatio, 9);
        Assert.Equal((0.5, 3, Window, (TimeSpan?)null), (figures.FailedRatioThreshold, figures.MinimumPolls, figures.Window, figures.RetryAfterHold));
        Assert.False(string.IsNullOrEmpty(degraded.InstanceId));

        await SetFaultsAsync(new { serverError = 0.0 });
        await _health.WaitUntilAsync(h => h.Restored.Count > 0, Within, "UpstreamRestored");
        await EventuallyAsync(async () => !await StaleAsync(api, uids[0]), "the token to show stale: false again");
        await Task.Delay(CalmPeriod);
        var restored = Assert.Single(_health.Restored);
        Assert.Single(_health.Degraded);
        Assert.Equal((degraded.EpisodeId, degraded.Cause, degraded.DetectedAt), (restored.EpisodeId, restored.Cause, restored.DegradedAt));
        Assert.Equal(UpstreamHealthEventIds.Restored(degraded.EpisodeId), restored.EventId);
        Assert.Equal(restored.RestoredAt - restored.DegradedAt, restored.Duration);
        Assert.True(restored.Duration >= CalmPeriod, $"restored after {restored.Duration}");
        Assert.True(restored.Figures.FailedRatio <= 0.5);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes WHERE degraded_published_at IS NULL OR restored_published_at IS NULL"));
        await EventuallyAsync(async () => DegradedGauge(await api.GetStringAsync("/metrics")) == 0, "tchek_upstream_degraded 0");
    }

    [Fact]
    public async Task A_long_Retry_After_gives_Degraded_with_cause_RetryAfterHold()
    {
        await using var app = StartApp(Health());
        using var api = app.CreateApiClient();
        await TrackActiveTokensAsync(api, 1);

        await SetFaultsAsync(new { tooManyRequests = 1.0, retryAfter = "00:00:30" });
        await _health.WaitUntilAsync(h => h.Degraded.Count > 0, Within, "UpstreamDegraded");

        var degraded = Assert.Single(_health.Degraded);
        Assert.Equal(UpstreamDegradationCauses.RetryAfterHold, degraded.Cause);
        Assert.Equal(TimeSpan.FromSeconds(30), degraded.Figures.RetryAfterHold);
        Assert.Equal(TimeSpan.FromSeconds(5), degraded.Figures.RetryAfterHoldThreshold);
        Assert.InRange(degraded.Figures.RetryAfterHoldUntil!.Value - degraded.DetectedAt, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Two_instances_and_a_failover_mid_episode_still_give_one_Degraded_and_one_Restored()
    {
        var first = StartApp(Health());
        await using var second = StartApp(Health());
        using var api = second.CreateApiClient();
        await TrackActiveTokensAsync(api, 6);
        await EventuallyAsync(() => Relay(first).IsActive || Relay(second).IsActive, "one relay to be active");

        await SetFaultsAsync(new { serverError = 1.0 });
        await _health.WaitUntilAsync(h => h.Degraded.Count > 0, Within, "UpstreamDegraded");

        // The decider goes (as a deploy would stop it); the other takes the relay over mid-episode.
        var (leader, follower) = Relay(first).IsActive ? (first, second) : (second, first);
        await leader.DisposeAsync();
        await EventuallyAsync(() => Relay(follower).IsActive, "the other instance to take the relay over", Within);
        await Task.Delay(Window + CalmPeriod);
        Assert.Single(_health.Degraded);

        await SetFaultsAsync(new { serverError = 0.0 });
        await _health.WaitUntilAsync(h => h.Restored.Count > 0, Within, "UpstreamRestored");
        await Task.Delay(CalmPeriod);

        Assert.Single(_health.Degraded);
        Assert.Equal(_health.Degraded[0].EpisodeId, Assert.Single(_health.Restored).EpisodeId);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes"));
    }

    private static double? DegradedGauge(string exposition) =>
        DegradedSample().Match(exposition) is { Success: true } sample ? double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^tchek_upstream_degraded(\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex DegradedSample();

    private static OutboxRelay Relay(PollerApp app) => app.Services.GetRequiredService<OutboxRelay>();

    /// <summary>Tokens at status 1 (polled every active interval) at the simulator, tracked by the poller.</summary>
    private async Task<List<string>> TrackActiveTokensAsync(HttpClient api, int count)
    {
        using var admin = new HttpClient { BaseAddress = _simulator.Url };
        var uids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var uid = NewUid();
            (await admin.PostAsJsonAsync("/admin/tokens", new { uid, steps = new[] { new { at = "00:00:00", status = 1 } } })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
            uids.Add(uid);
        }

        return uids;
    }

    // Every fault not named is 0: PUT replaces them all.
    private async Task SetFaultsAsync(object faults)
    {
        using var admin = new HttpClient { BaseAddress = _simulator.Url };
        (await admin.PutAsJsonAsync("/admin/faults", faults)).EnsureSuccessStatusCode();
    }

    private static async Task<bool> StaleAsync(HttpClient api, string uid) =>
        (await api.GetFromJsonAsync<JsonElement>($"/tokens/{uid}")).GetProperty("stale").GetBoolean();

    private static async Task<DateTimeOffset?> LastSuccessAsync(HttpClient api, string uid) =>
        (await api.GetFromJsonAsync<JsonElement>($"/tokens/{uid}")).GetProperty("lastSuccessAt") is { ValueKind: JsonValueKind.String } at ? at.GetDateTimeOffset() : null;
}
