using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The bus commands answer a sender who asks (MassTransit's request client), with the words of the
/// HTTP API; sent without a request id they stay fire-and-forget, and an invalid one lands in the
/// error queue and publishes its <see cref="Fault{T}"/>. Against the real broker and poller, in a
/// vhost of their own, so no other run's poller takes these commands.
/// </summary>
[Collection("services")]
public sealed class CommandReplyTests(ServicesFixture services) : PollerTestBase(services)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private PollerApp _app = null!;
    

    private Uri Broker => RabbitMqUri;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        
        // These tests are about the commands, not the polling.
        _app = StartApp(new Dictionary<string, string?>
        {
            ["Polling:UnopenedInterval"] = "00:10:00",
            ["Polling:ActiveInterval"] = "00:10:00",
        });
        // The vhost is new: a command sent before the poller has bound its queue would be lost.
        using var client = _app.CreateClient();
        await EventuallyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, "the poller to be ready");
    }

    [Fact]
    public async Task A_track_request_is_accepted_as_created_then_as_already_tracked()
    {
        var uid = NewUid();
        Vendor.Set(uid, 0);
        await using var bus = await TestBus.StartAsync(Broker, _ => { });
        var client = bus.Bus.CreateRequestClient<TrackToken>(RequestTimeout.After(s: 30));

        var first = await client.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new TrackToken { TokenUid = uid, ExternalReference = "lead-1" });
        var second = await client.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new TrackToken { TokenUid = uid });

        Assert.Equal(new TokenTrackingAccepted { TokenUid = uid, Outcome = TokenTrackingOutcomes.Created }, Accepted(first));
        Assert.Equal(new TokenTrackingAccepted { TokenUid = uid, Outcome = TokenTrackingOutcomes.AlreadyTracked }, Accepted(second));
        Assert.Equal("lead-1", await ScalarAsync<string>("SELECT external_reference FROM tracked_tokens WHERE uid = @uid", ("uid", uid)));
    }

    [Fact]
    public async Task An_invalid_track_request_is_refused_with_the_apis_words_changes_nothing_and_is_not_an_error()
    {
        var uid = NewUid() + "-pwa";
        var reference = new string('r', 257);
        await using var bus = await TestBus.StartAsync(Broker, _ => { });
        var client = bus.Bus.CreateRequestClient<TrackToken>(RequestTimeout.After(s: 30));
        var id = NewId.NextGuid();

        var response = await client.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(
            new TrackToken { TokenUid = uid, ExternalReference = reference }, x => x.UseExecute(c => c.MessageId = id));

        var refused = Refused(response);
        using var api = _app.CreateApiClient();
        var problem = await ProblemAsync(await api.PostAsJsonAsync("/tokens", new { uid, externalReference = reference }), HttpStatusCode.BadRequest);
        Assert.Equal(TokenTrackingRefusalReasons.Invalid, refused.Reason);
        Assert.Equal(uid, refused.TokenUid);
        Assert.Equal(problem.GetProperty("title").GetString(), refused.Title);
        Assert.Equal(ApiErrors(problem), refused.Errors.ToDictionary(e => e.Key, e => string.Join('|', e.Value)));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM tracked_tokens"));
        // Answered, so handled: nothing is moved to the error queue.
        var moved = await new CommandQueues(Broker).TakeMovedAsync([$"{CommandQueues.Track}_error"], [id.ToString()], TimeSpan.FromSeconds(2));
        Assert.Empty(moved);
    }

    [Fact]
    public async Task Untrack_requests_say_untracked_then_already_stopped_and_refuse_an_unknown_token_as_delete_does()
    {
        var uid = NewUid();
        var unknown = NewUid();
        Vendor.Set(uid, 0);
        await using var bus = await TestBus.StartAsync(Broker, _ => { });
        var track = bus.Bus.CreateRequestClient<TrackToken>(RequestTimeout.After(s: 30));
        var untrack = bus.Bus.CreateRequestClient<UntrackToken>(RequestTimeout.After(s: 30));
        Accepted(await track.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new TrackToken { TokenUid = uid }));
        // Stopped after its first snapshot, so the stop is an event of its own.
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == nameof(TokenTracked)), Patience, "the tracked token's first event");

        var stopped = Accepted(await untrack.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new UntrackToken { TokenUid = uid }));
        var again = Accepted(await untrack.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new UntrackToken { TokenUid = uid }));
        var notTracked = Refused(await untrack.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new UntrackToken { TokenUid = unknown }));
        var invalid = Refused(await untrack.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new UntrackToken { TokenUid = "T3D 288" }));

        Assert.Equal(TokenTrackingOutcomes.Untracked, stopped.Outcome);
        Assert.Equal(TokenTrackingOutcomes.AlreadyStopped, again.Outcome);
        using var api = _app.CreateApiClient();
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/tokens/{uid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/tokens/{unknown}")).StatusCode);
        Assert.Equal(TokenTrackingRefusalReasons.NotTracked, notTracked.Reason);
        Assert.Equal(unknown, notTracked.TokenUid);
        var problem = await ProblemAsync(await api.DeleteAsync("/tokens/T3D%20288"), HttpStatusCode.BadRequest);
        Assert.Equal(TokenTrackingRefusalReasons.Invalid, invalid.Reason);
        Assert.Equal(ApiErrors(problem), invalid.Errors.ToDictionary(e => e.Key, e => string.Join('|', e.Value)));
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid && e.Type == nameof(TokenTrackingStopped)), Patience, "the untracked token's last event");
    }

    [Fact]
    public async Task A_track_request_for_a_token_whose_tracking_ended_is_refused_with_the_apis_409_words()
    {
        var uid = NewUid();
        Vendor.Set(uid, 0);
        await using var bus = await TestBus.StartAsync(Broker, _ => { });
        var track = bus.Bus.CreateRequestClient<TrackToken>(RequestTimeout.After(s: 30));
        Accepted(await track.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new TrackToken { TokenUid = uid }));
        Accepted(await bus.Bus.CreateRequestClient<UntrackToken>(RequestTimeout.After(s: 30)).GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new UntrackToken { TokenUid = uid }));

        var refused = Refused(await track.GetResponse<TokenTrackingAccepted, TokenTrackingRefused>(new TrackToken { TokenUid = uid }));

        using var api = _app.CreateApiClient();
        var problem = await ProblemAsync(await api.PostAsJsonAsync("/tokens", new { uid }), HttpStatusCode.Conflict);
        Assert.Equal(TokenTrackingRefusalReasons.TrackingEnded, refused.Reason);
        Assert.Equal(problem.GetProperty("title").GetString(), refused.Title);
        Assert.Equal(problem.GetProperty("detail").GetString(), refused.Detail);
    }

    [Fact]
    public async Task An_invalid_command_sent_without_a_request_id_goes_to_the_error_queue_and_publishes_its_fault()
    {
        var faults = new TaskCompletionSource<Fault<TrackToken>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var uid = NewUid() + "-pwa";
        await using var subscriber = await TestBus.StartAsync(Broker, cfg =>
            cfg.ReceiveEndpoint(TestBus.UniqueQueueName("track-token-faults"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<Fault<TrackToken>>(context =>
                {
                    if (context.Message.Message.TokenUid == uid)
                    {
                        faults.TrySetResult(context.Message);
                    }

                    return Task.CompletedTask;
                });
            }));
        var id = NewId.NextGuid();

        await subscriber.Bus.Publish(new TrackToken { TokenUid = uid }, context => context.MessageId = id);

        var fault = await faults.Task.WaitAsync(Patience);
        var moved = await new CommandQueues(Broker).TakeMovedAsync([$"{CommandQueues.Track}_error"], [id.ToString()], Patience);
        Assert.Equal(id, fault.FaultedMessageId);
        var exception = Assert.Single(fault.Exceptions);
        Assert.EndsWith("InvalidCommandException", exception.ExceptionType, StringComparison.Ordinal);
        Assert.Contains("uid: A token uid is", exception.Message, StringComparison.Ordinal);
        Assert.True(moved.ContainsKey(id.ToString()), "the invalid command is not in track-token_error");
    }

    private static TokenTrackingAccepted Accepted(Response<TokenTrackingAccepted, TokenTrackingRefused> response) =>
        response.Is(out Response<TokenTrackingAccepted>? accepted)
            ? accepted.Message
            : throw new Xunit.Sdk.XunitException($"Refused: {JsonSerializer.Serialize(response.Message)}");

    private static TokenTrackingRefused Refused(Response<TokenTrackingAccepted, TokenTrackingRefused> response) =>
        response.Is(out Response<TokenTrackingRefused>? refused)
            ? refused.Message
            : throw new Xunit.Sdk.XunitException("Accepted where a refusal was due.");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.Clone();
    }

    private static Dictionary<string, string> ApiErrors(JsonElement problem) => problem.GetProperty("errors").EnumerateObject()
        .ToDictionary(e => e.Name, e => string.Join('|', e.Value.EnumerateArray().Select(v => v.GetString())));
}
