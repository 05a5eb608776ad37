using System.Net.Http.Json;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

[Collection("services")]
public sealed class TokenLifecycleTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task A_token_walked_through_its_life_yields_exactly_the_spec_events_in_order_to_a_real_consumer()
    {
        await using var app = StartApp();
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 0);

        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Vendor.WaitForRequestsAsync(uid, 1, TimeSpan.FromSeconds(20));
        await StepAsync(uid, 1);
        await StepAsync(uid, 6);
        await StepAsync(uid, 3);
        await StepAsync(uid, 5, percentDamage: 12.5m);
        Vendor.Set(uid, 5, expired: true, percentDamage: 12.5m);

        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == nameof(TokenTrackingStopped)), TimeSpan.FromSeconds(30), $"{uid} to stop");
        var received = Sink.For(uid);

        Assert.Equal(
            [
                "TokenTracked",
                "TokenStatusChanged", "InspectionStarted",
                "TokenStatusChanged", "ChaseUpSent",
                "TokenStatusChanged", "FirstPictureTaken*", "PicturesCompleted",
                "TokenStatusChanged", "DamageValidationStarted*", "InspectionCompleted", "DamageAssessed",
                "TokenExpired", "TokenTrackingStopped",
            ],
            received.Select(r => r.Type + (r.Event.Inferred ? "*" : "")));
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received.Select(r => r.Event.Sequence));
        Assert.All(received, r => Assert.Equal(TokenEventIds.For(uid, r.Event.Sequence), r.MessageId));
        Assert.All(received, r => Assert.Equal(r.MessageId, r.Event.EventId));
        Assert.Equal("insp-" + uid, received[^1].Event.InspectionId);
        Assert.Equal("Expired", await ScalarAsync<string>("SELECT stop_reason FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        // The stored snapshot is the last answer whose facts changed.
        Assert.Equal("5", await ScalarAsync<string>("SELECT snapshot->>'tradeinStatus' FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
        Assert.Equal("true", await ScalarAsync<string>("SELECT snapshot->>'expired' FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
    }
}
