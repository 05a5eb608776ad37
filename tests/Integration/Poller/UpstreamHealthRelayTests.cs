using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Poll;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// Upstream health events go out through the one outbox relay: stored with their decision, published
/// by the active relay only, in order, once each by EventId, whatever the broker or the leader does
/// meanwhile. The decider's window is fed directly, so the episode follows the test's script.
/// </summary>
[Collection("services")]
public sealed class UpstreamHealthRelayTests(ServicesFixture services) : PollerTestBase(services)
{
    private const string Unpublished = "SELECT count(*) FROM upstream_episodes WHERE degraded_published_at IS NULL OR (restored_event IS NOT NULL AND restored_published_at IS NULL)";

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private HealthEventSink _health = null!;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        _health = Own(await HealthEventSink.StartAsync(RabbitMqUri));
    }

    [Fact]
    public async Task Health_events_decided_while_the_leaders_broker_is_away_wait_for_it_and_no_other_instance_publishes_them()
    {
        await using var broker = TcpProxy.Start(RabbitMqUri.Host, RabbitMqUri.Port);
        var leader = StartApp(Health(new UriBuilder(RabbitMqUri) { Host = "127.0.0.1", Port = broker.Port }.Uri));
        await EventuallyAsync(() => Task.FromResult(Relay(leader).IsActive), "the first instance's relay to be active");
        var other = StartApp(Health());

        broker.Cut();
        var episode = await OpenEpisodeAsync(leader);
        await CloseEpisodeAsync(leader);
        // The other instance is told too, and its broker is up: its relay is not the active one, so it publishes nothing.
        other.Services.GetRequiredService<HealthOutbox>().Stored();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(_health.All);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes WHERE degraded_published_at IS NULL AND restored_published_at IS NULL"));
        Assert.False(Relay(other).IsActive);

        broker.Restore();
        await _health.WaitUntilAsync(h => h.Restored.Count > 0, Within, "UpstreamRestored after the broker came back");
        await EventuallyAsync(async () => await ScalarAsync<long>(Unpublished) == 0, "both events marked published");
        AssertOnceEachInOrder(episode);
    }

    [Fact]
    public async Task A_leader_that_dies_before_its_Degraded_went_out_leaves_it_to_the_next_relay_then_Restored_follows_once()
    {
        await using var broker = TcpProxy.Start(RabbitMqUri.Host, RabbitMqUri.Port);
        var leader = StartApp(Health(new UriBuilder(RabbitMqUri) { Host = "127.0.0.1", Port = broker.Port }.Uri));
        await EventuallyAsync(() => Task.FromResult(Relay(leader).IsActive), "the first instance's relay to be active");
        var next = StartApp(Health());

        broker.Cut();
        var episode = await OpenEpisodeAsync(leader);
        await leader.DisposeAsync();
        Assert.Empty(_health.All);

        // The next leader reads the table when its term starts: the Degraded goes out, and its own
        // window (no polls, none failed) is calm, so it closes the episode it carried on.
        await EventuallyAsync(() => Task.FromResult(Relay(next).IsActive), "the other instance to take the relay over", Within);
        await _health.WaitUntilAsync(h => h.Restored.Count > 0, Within, "UpstreamDegraded, then UpstreamRestored from the new leader");
        await EventuallyAsync(async () => await ScalarAsync<long>(Unpublished) == 0, "both events marked published");
        AssertOnceEachInOrder(episode);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes"));
    }

    private Dictionary<string, string?> Health(Uri? rabbitMq = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["UpstreamHealth:Window"] = "00:00:03",
            ["UpstreamHealth:MinimumPolls"] = "3",
            ["UpstreamHealth:CalmPeriod"] = "00:00:01",
            ["UpstreamHealth:CheckInterval"] = "00:00:00.100",
        };
        if (rabbitMq is not null)
        {
            settings["ConnectionStrings:RabbitMq"] = rabbitMq.ToString();
        }

        return settings;
    }

    /// <summary>Fails the decider's polls until it has stored an episode; returns its id.</summary>
    private async Task<Guid> OpenEpisodeAsync(PollerApp decider)
    {
        var window = decider.Services.GetRequiredService<UpstreamWindow>();
        for (var i = 0; i < 6; i++)
        {
            window.Record(PollOutcome.Failed);
        }

        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes") == 1, "UpstreamDegraded to be stored");
        return await ScalarAsync<Guid>("SELECT id FROM upstream_episodes");
    }

    /// <summary>Outweighs the failures with successful polls until the decider has stored the Restored.</summary>
    private async Task CloseEpisodeAsync(PollerApp decider)
    {
        var window = decider.Services.GetRequiredService<UpstreamWindow>();
        for (var i = 0; i < 30; i++)
        {
            window.Record(PollOutcome.Unchanged);
        }

        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM upstream_episodes WHERE restored_event IS NOT NULL") == 1, "UpstreamRestored to be stored");
    }

    /// <summary>Redeliveries may repeat an event under its own id; by EventId, each came once, Degraded first.</summary>
    private void AssertOnceEachInOrder(Guid episode)
    {
        var received = _health.All;
        Assert.All(received, r => Assert.Equal(r.Event.EventId, r.MessageId));
        Assert.Equal(
            [UpstreamHealthEventIds.Degraded(episode), UpstreamHealthEventIds.Restored(episode)],
            received.Select(r => r.Event.EventId).Distinct());
        Assert.IsType<UpstreamDegraded>(received[0].Event);
    }

    private static OutboxRelay Relay(PollerApp app) => app.Services.GetRequiredService<OutboxRelay>();
}
