using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>The API key and the replay routes, as an operator deploys them and a caller meets them.</summary>
[Collection("services")]
public sealed class ApiSecurityTests(ServicesFixture services) : PollerTestBase(services)
{
    private const string NextKey = "the-next-key-0123456789abcdef-0123";

    [Fact]
    public async Task Keys_rotate_without_a_restart()
    {
        var settings = new ReloadableSettings();
        await using var app = Own(new PollerApp(Settings(), web => web.ConfigureAppConfiguration(c => c.Add(settings))).Started());
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(client, PollerSettings.ApiKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, NextKey));

        settings.Change("Api:Keys:0", NextKey);
        await EventuallyAsync(async () => await GetAsync(client, NextKey) == HttpStatusCode.NotFound, "the new key to be accepted");

        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, PollerSettings.ApiKey));
    }

    [Fact]
    public async Task A_short_key_outside_development_stops_the_start_with_a_clear_error()
    {
        // A real process (Production): a host whose start fails is no test process's zombie.
        await using var poller = StartProcess(new Dictionary<string, string?> { ["Api:Keys:0"] = "short-key-f00d" });

        Assert.NotEqual(0, await poller.ExitCodeWithinAsync(TimeSpan.FromSeconds(30)) ?? 0);
        Assert.Contains(poller.Output, line => line.Contains("Api:Keys:0: an API key is at least 32 characters", StringComparison.Ordinal));
        Assert.DoesNotContain(poller.Output, line => line.Contains("short-key-f00d", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_key_is_said_at_start_and_every_request_is_refused()
    {
        var log = new LogCapture();
        await using var app = Own(new PollerApp(
            Settings(new Dictionary<string, string?> { ["Api:Keys:0"] = null }),
            web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(log)))).Started());
        using var client = app.CreateClient();

        Assert.Contains(log.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("No API key is configured", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, PollerSettings.ApiKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, ""));
    }

    [Fact]
    public async Task A_replay_names_its_caller_by_key_fingerprint_and_a_second_one_at_once_gets_429()
    {
        var log = new LogCapture();
        await using var app = Own(new PollerApp(
            Settings(new Dictionary<string, string?> { ["Logging:LogLevel:Tchek.Events.StatusPoller.Relay"] = "Information" }),
            web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(log)))).Started());
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(20), "T 1");
        // Enough published events that one replay takes a while.
        await ExecuteAsync("""
            INSERT INTO token_events (event_id, uid, sequence, type, payload, occurred_at, created_at, published_at)
            SELECT gen_random_uuid(), 'R' || (i / 10), i % 10 + 1, 'TokenStatusChanged',
                   jsonb_build_object('eventId', gen_random_uuid(), 'tokenUid', 'R' || (i / 10), 'sequence', i % 10 + 1, 'status', 2, 'previousStatus', 1,
                                      'occurredAt', now(), 'observedAt', now()), now(), now(), now()
            FROM generate_series(0, 9999) AS i
            """);

        var window = new { from = DateTimeOffset.UtcNow.AddHours(-1), to = DateTimeOffset.UtcNow.AddHours(1) };
        var first = api.PostAsJsonAsync("/events/replay", window);
        await EventuallyAsync(() => log.Lines.Any(l => l.Contains("events to publish again", StringComparison.Ordinal)) || first.IsCompleted, "the first replay to start", TimeSpan.FromSeconds(5));
        var second = await api.PostAsJsonAsync("/events/replay", window);
        var firstAnswer = await first;

        Assert.Equal(HttpStatusCode.Accepted, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        var fingerprint = "key:" + Tchek.Events.StatusPoller.Api.ApiKeyRing.Fingerprint(PollerSettings.ApiKey);
        Assert.Contains(log.Lines, l => l.Contains("Replay for " + fingerprint, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(PollerSettings.ApiKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"TokenTracked"}""")]
    [InlineData("""{"from":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"from":"2026-01-01T00:00:00Z","to":"2026-01-03T00:00:00Z"}""")]
    [InlineData("""{"from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:01Z","type":"TokenTracked"}""")]
    public async Task A_replay_without_a_token_needs_a_window_of_at_most_a_day(string body)
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();

        var answer = await api.PostAsync("/events/replay", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tokens/T0000000");
        request.Headers.Add("X-Api-Key", key);
        return (await client.SendAsync(request)).StatusCode;
    }
}
