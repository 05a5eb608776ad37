using System.Net.Http.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Deployment;

/// <summary>
/// The series deploy/prometheus/alerts.yml and deploy/grafana/tchek-events.json read exist, under
/// those names, in a real scrape of the poller's /metrics: a renamed instrument or a wrong suffix
/// would leave an alert that never fires and a panel that stays empty.
/// </summary>
[Collection("services")]
public sealed class MetricNamesTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task Every_series_the_alerts_and_the_dashboard_read_is_in_a_real_scrape()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["Polling:LeaseDuration"] = "00:00:03",
            ["Housekeeping:Interval"] = "00:00:01",
            // A budget far above what the test polls: its instruments report, and it never binds.
            ["Tchek:RequestBudgetPerDay"] = "100000000",
        });
        using var api = app.CreateApiClient();

        // A 429 first (counted as throttled, a failed poll), then answers: events written and published.
        var uid = NewUid();
        Vendor.Set(uid, 0);
        Vendor.Script(uid, new StubAnswer(StatusCode: 429, RetryAfter: TimeSpan.FromSeconds(1)));
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid), TimeSpan.FromSeconds(20), "TokenTracked");
        await StepAsync(uid, 1);
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) >= 2, TimeSpan.FromSeconds(20), "the token's first status event");

        // A lost claim, as FencingTests provokes one: another writer takes the token during a slow poll.
        Vendor.Script(uid, new StubAnswer(Body: VendorPayload.Create(uid, 3, false, null, DateTimeOffset.UtcNow).ToJsonString(), Delay: TimeSpan.FromSeconds(1.5)));
        await EventuallyAsync(() => Vendor.PendingScripted(uid) == 0 && Vendor.InFlight(uid) > 0, "the slow request to start");
        Assert.Equal(1, await ExecuteAsync("UPDATE tracked_tokens SET lease_version = lease_version + 1 WHERE uid = @uid", ("uid", uid)));

        var expected = DeploymentFiles.MonitoringExpressions().SelectMany(DeployedMetrics.NamesIn)
            .Where(name => !DeployedMetrics.FromPrometheus.Contains(name))
            .Concat(DeployedMetrics.Poller).ToHashSet();
        // Counters and histograms appear with their first measurement, the gauges at the next housekeeping.
        List<string> missing;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            var exposed = DeployedMetrics.NamesExposedIn(await api.GetStringAsync("/metrics"));
            missing = [.. expected.Where(name => !exposed.Contains(name)).Order()];
            await Task.Delay(missing.Count > 0 ? 200 : 0);
        }
        while (missing.Count > 0 && DateTime.UtcNow < deadline);

        Assert.Empty(missing);
    }
}
