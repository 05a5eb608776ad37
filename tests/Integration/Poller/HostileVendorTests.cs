using System.Net.Http.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>A vendor that misbehaves in ways the chaos run does not play: one bad answer never holds back another token.</summary>
[Collection("services")]
public sealed class HostileVendorTests(ServicesFixture services) : PollerTestBase(services)
{
    // PostgreSQL refuses both: jsonb has no NUL, and numeric stops far below 10^1000000.
    private static string WithNul(string body) => body.Replace("{\"token\":{", "{\"token\":{\"note\":\"call\\u0000back\",", StringComparison.Ordinal);

    private static string WithHugeNumber(string body) => body.Replace("{\"token\":{", "{\"token\":{\"weird\":1e1000000,", StringComparison.Ordinal);

    [Fact]
    public async Task Forty_tokens_change_while_one_answer_is_unstorable_and_all_forty_give_exact_events_at_once()
    {
        // A lease far longer than the test: a token that waited for its lease to end would time the test out.
        await using var app = StartApp(new Dictionary<string, string?> { ["Polling:LeaseDuration"] = "00:10:00", ["Polling:Writers"] = "1" });
        using var api = app.CreateApiClient();
        var healthy = Enumerable.Range(0, 40).Select(_ => NewUid()).ToList();
        var (nul, huge) = (NewUid(), NewUid());
        string[] all = [.. healthy, nul, huge];
        foreach (var uid in all)
        {
            Vendor.Set(uid, 1);
        }

        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = all.Select(uid => new { uid }) })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => all.All(uid => r.Count(e => e.Event.TokenUid == uid) == 2), TimeSpan.FromSeconds(30), "T 1 for every token");

        // From now on two answers cannot be stored; every token moves to 2, then, once seen, to 3.
        Vendor.Tamper(nul, WithNul);
        Vendor.Tamper(huge, WithHugeNumber);
        var seen = all.ToDictionary(uid => uid, Vendor.RequestCount);
        foreach (var uid in all)
        {
            Vendor.Set(uid, 2);
        }

        await Task.WhenAll(all.Select(uid => Vendor.WaitForRequestsAsync(uid, seen[uid] + 2, TimeSpan.FromSeconds(20))));
        foreach (var uid in all)
        {
            Vendor.Set(uid, 3);
        }

        await Sink.WaitUntilAsync(r => healthy.All(uid => r.Count(e => e.Event.TokenUid == uid) == 6), TimeSpan.FromSeconds(20), "S 2 S 3 for the 40 healthy tokens");
        foreach (var uid in healthy)
        {
            var received = Sink.For(uid);
            Assert.Equal(
                ["TokenTracked", "InspectionStarted", "TokenStatusChanged", "FirstPictureTaken", "TokenStatusChanged", "PicturesCompleted"],
                received.Select(r => r.Type + (r.Event.Inferred ? "*" : "")));
            Assert.Equal([1L, 2, 3, 4, 5, 6], received.Select(r => r.Event.Sequence));
        }

        // The guilty tokens kept what they had, said why, and back off.
        Assert.Equal(2, Sink.For(nul).Count);
        Assert.Equal(2, Sink.For(huge).Count);
        Assert.StartsWith("invalid answer: Unstorable", await ScalarAsync<string>("SELECT last_error FROM tracked_tokens WHERE uid = @uid", ("uid", nul)), StringComparison.Ordinal);
        Assert.StartsWith("write failed: 22003", await ScalarAsync<string>("SELECT last_error FROM tracked_tokens WHERE uid = @uid", ("uid", huge)), StringComparison.Ordinal);
        Assert.True(await ScalarAsync<int>("SELECT failure_count FROM tracked_tokens WHERE uid = @uid", ("uid", huge)) > 0);
        Assert.Equal(1, await ScalarAsync<int>("SELECT status FROM tracked_tokens WHERE uid = @uid", ("uid", huge)));
    }

    [Fact]
    public async Task Healthy_tokens_keep_their_cadence_while_twice_as_many_tokens_as_slots_stall_their_bodies()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Polling:MaxConcurrency"] = "4",
            ["Tchek:AttemptTimeout"] = "00:00:01",
            ["Tchek:TotalTimeout"] = "00:00:02",
        };
        await using var app = StartApp(settings);
        using var api = app.CreateApiClient();
        var stalled = Enumerable.Range(0, 8).Select(_ => NewUid()).ToList();
        foreach (var uid in stalled)
        {
            Vendor.Set(uid, 1);
            Vendor.Script(uid, [.. Enumerable.Repeat(new StubAnswer { StallBody = true }, 200)]);
        }

        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = stalled.Select(uid => new { uid }) })).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE last_error = 'timeout'") == stalled.Count, "every stalled token to time out once");

        // Healthy tokens as most of a real population is: the circuit breaker, which opens when half the
        // requests fail, is for a vendor that fails as a whole, not for a few tokens it stalls on.
        var healthy = Enumerable.Range(0, 10).Select(_ => NewUid()).ToList();
        foreach (var uid in healthy)
        {
            Vendor.Set(uid, 1);
        }

        (await api.PostAsJsonAsync("/tokens/batch", new { tokens = healthy.Select(uid => new { uid }) })).EnsureSuccessStatusCode();
        await Task.WhenAll(healthy.Select(uid => Vendor.WaitForRequestsAsync(uid, 1, TimeSpan.FromSeconds(10))));
        var from = healthy.ToDictionary(uid => uid, Vendor.RequestCount);
        await Task.Delay(TimeSpan.FromSeconds(10));
        foreach (var uid in healthy)
        {
            Vendor.Set(uid, 2);
        }

        await Sink.WaitUntilAsync(r => healthy.All(uid => r.Count(e => e.Event.TokenUid == uid) == 4), TimeSpan.FromSeconds(10), "S 2 for every healthy token");

        // Starved slots stop every healthy token at once, for as long as the stalled polls hold them
        // (TotalTimeout, 2 s): the healthy tokens' polls taken together then show a gap of 2 s or more.
        // A machine hiccup delays one request of one token (its 1 s attempt timeout, then a retry): at
        // most one long gap for that token, while the others keep polling.
        var polls = healthy.ToDictionary(uid => uid, uid => Vendor.RequestTimes(uid).Skip(from[uid] - 1).ToList());
        var all = polls.Values.SelectMany(t => t).Order().ToList();
        var together = all.Zip(all.Skip(1), (a, b) => b - a).Max();
        Assert.True(together < TimeSpan.FromSeconds(1.5), $"no healthy token was polled for {together.TotalSeconds:F2} s");
        foreach (var (uid, times) in polls)
        {
            var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
            Assert.True(gaps.Count >= 6, $"only {gaps.Count + 1} polls of healthy token {uid} in 10 s");
            // ActiveInterval 0.5 s, and a little for the machine.
            var late = gaps.Count(g => g > TimeSpan.FromSeconds(1.2));
            Assert.True(late <= 1, $"healthy token {uid} waited over 1.2 s {late} times: {string.Join(", ", gaps.Select(g => g.TotalSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
            Assert.Equal(
                ["TokenTracked", "InspectionStarted", "TokenStatusChanged", "FirstPictureTaken"],
                Sink.For(uid).Select(r => r.Type + (r.Event.Inferred ? "*" : "")));
        }

        Assert.All(stalled, uid => Assert.Empty(Sink.For(uid)));
        Assert.Equal(stalled.Count, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens WHERE last_error = 'timeout' AND failure_count > 1"));
    }

    [Fact]
    public async Task A_redirect_is_a_failed_poll_and_the_vendor_key_never_leaves_for_its_target()
    {
        await using var elsewhere = await StubVendor.StartAsync();
        await using var app = StartApp(new Dictionary<string, string?> { ["Tchek:ApiKey"] = "vendor-key-that-must-not-travel" });
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        elsewhere.Set(uid, 1);
        Vendor.Script(uid, [.. Enumerable.Repeat(new StubAnswer(StatusCode: 302) { Location = new Uri(elsewhere.BaseUrl, $"tokenmanager/test?deviceId={uid}-pwa") }, 100)]);

        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Vendor.WaitForRequestsAsync(uid, 2, TimeSpan.FromSeconds(10));
        await EventuallyAsync(
            async () => await ScalarAsync<int>("SELECT failure_count FROM tracked_tokens WHERE uid = @uid", ("uid", uid)) >= 2,
            "two failed polls written");

        Assert.Equal(0, elsewhere.TotalRequests);
        Assert.Equal("HTTP 302: redirect not followed", await ScalarAsync<string>("SELECT last_error FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        Assert.Empty(Sink.For(uid));
    }

    [Fact]
    public async Task Outside_development_an_http_vendor_stops_the_start_with_a_clear_error()
    {
        // A real process (Production): a host whose start fails is no test process's zombie.
        await using var poller = StartProcess(new Dictionary<string, string?> { ["Tchek:BaseUrl"] = "http://vendor.example/apiV1/" });

        Assert.NotEqual(0, await poller.ExitCodeWithinAsync(TimeSpan.FromSeconds(30)) ?? 0);
        Assert.Contains(poller.Output, line => line.Contains("Tchek:BaseUrl must be https outside Development", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://vendor.example/apiV1/", "true")]
    [InlineData("https://vendor.example/apiV1/", null)]
    public async Task Outside_development_an_https_vendor_or_an_allowed_http_one_starts(string baseUrl, string? allowHttp)
    {
        await using var poller = StartProcess(new Dictionary<string, string?>
        {
            ["Tchek:BaseUrl"] = baseUrl,
            ["Tchek:AllowHttp"] = allowHttp,
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        });

        await EventuallyAsync(() => poller.Output.Any(line => line.Contains("Application started", StringComparison.Ordinal)) || poller.HasExited, "the poller to start");
        Assert.False(poller.HasExited, string.Join('\n', poller.Output));
    }

    public static TheoryData<string, bool> RetryAfterHeaders() => new()
    {
        // (header, honoured: the next request waits for MaxRetryAfter, here 4 s)
        { "86400", true },
        { "99999999999", true },
        { "-5", false },
        { "soon", false },
        { "Sat, 01 Jan 2000 00:00:00 GMT", false },
    };

    [Theory]
    [MemberData(nameof(RetryAfterHeaders))]
    public async Task A_retry_after_is_honoured_up_to_its_cap_and_a_meaningless_one_is_ignored(string header, bool honoured)
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Tchek:MaxRetryAfter"] = "00:00:04" });
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        Vendor.Script(uid, new StubAnswer(StatusCode: 429) { RetryAfterHeader = header });

        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(20), "T 1 after the 429");

        var times = Vendor.RequestTimes(uid);
        var wait = times[1] - times[0];
        // Ignored: the first back-off (FailureBackoff, 1 s). Honoured: the cap, not a day.
        Assert.True(honoured ? wait >= TimeSpan.FromSeconds(3.9) && wait < TimeSpan.FromSeconds(8) : wait < TimeSpan.FromSeconds(3), $"{header}: the next request came {wait.TotalSeconds:F2} s later");
    }
}
