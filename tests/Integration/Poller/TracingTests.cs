using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Telemetry;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// A poll followed to the consumer in one trace: the poller's spans, the vendor request, the SQL,
/// the publish and MassTransit's send and receive, across the outbox's commit and across a restart.
/// </summary>
[Collection("services")]
public sealed class TracingTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task A_poll_that_yields_events_is_one_trace_from_the_poll_through_the_write_and_publish_to_the_consumer()
    {
        var spans = new SpanLog();
        var app = Own(new PollerApp(Settings(), spans.RecordFrom).Started());
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(30), "TokenTracked and InspectionStarted");

        var poll = await PollThatYieldedAsync(spans, uid);
        // Each event's consumer runs a receive and a handler span; a publish span ends at the broker's
        // confirm, which may come after the consumer is done.
        await EventuallyAsync(
            () => Consumed(spans.Trace(poll.TraceId)).Count() >= 4 && spans.Trace(poll.TraceId).Count(s => s.DisplayName.StartsWith("publish ", StringComparison.Ordinal)) == 2,
            "both publishes and the consumer's spans, in the poll's trace");
        var trace = spans.Trace(poll.TraceId);

        Assert.Null(poll.Parent);
        Assert.Equal(default, poll.ParentSpanId);
        Assert.Equal(PollerTracing.SourceName, poll.Source.Name);
        Assert.Equal("changed", poll.GetTagItem(PollerTracing.Tag.PollOutcome));

        // The claim is one statement for a batch: its own trace, which the poll links to.
        var claimLink = Assert.Single(poll.Links);
        var claim = spans.All.Single(s => s.SpanId == claimLink.Context.SpanId);
        Assert.Equal("claim", claim.DisplayName);
        Assert.NotEqual(poll.TraceId, claim.TraceId);
        Assert.True((int)claim.GetTagItem(PollerTracing.Tag.ClaimCount)! >= 1);

        var vendorRequest = Assert.Single(ChildrenOf(trace, poll), s => s.Kind == ActivityKind.Client);
        Assert.Equal("GET", vendorRequest.GetTagItem("http.request.method"));
        Assert.Equal(Vendor.BaseUrl.Port, vendorRequest.GetTagItem("server.port"));

        var write = Assert.Single(ChildrenOf(trace, poll), s => s.DisplayName == "write");
        Assert.Equal("written", write.GetTagItem(PollerTracing.Tag.WriteOutcome));
        var statements = ChildrenOf(trace, write).Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(statements, s => Statement(s).Contains("INSERT INTO token_events", StringComparison.Ordinal));
        Assert.Contains(statements, s => Statement(s).Contains("UPDATE tracked_tokens", StringComparison.Ordinal));

        foreach (var type in new[] { "TokenTracked", "InspectionStarted" })
        {
            var publish = Assert.Single(ChildrenOf(trace, poll), s => s.DisplayName == $"publish {type}");
            Assert.Equal(uid, publish.GetTagItem(PollerTracing.Tag.TokenUid));
            Assert.True(publish.StartTimeUtc >= write.StartTimeUtc + write.Duration, "published after the write's commit");
            var send = Assert.Single(ChildrenOf(trace, publish));
            Assert.Equal(("MassTransit", ActivityKind.Producer), (send.Source.Name, send.Kind));
            var receive = Assert.Single(ChildrenOf(trace, send));
            Assert.Equal(ActivityKind.Consumer, receive.Kind);
            Assert.EndsWith(" receive", receive.DisplayName, StringComparison.Ordinal);
            Assert.StartsWith("tchek-test-sink-", receive.DisplayName, StringComparison.Ordinal);
            var handle = Assert.Single(ChildrenOf(trace, receive));
            Assert.Equal(ActivityKind.Consumer, handle.Kind);
        }

        // What crossed the commit: each event stored with the poll's context.
        Assert.Equal(
            [$"00-{poll.TraceId}-{poll.SpanId}-01", $"00-{poll.TraceId}-{poll.SpanId}-01"],
            await TraceParentsAsync(uid));
    }

    [Fact]
    public async Task An_event_published_by_another_process_after_a_restart_continues_its_polls_trace()
    {
        var spans = new SpanLog();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        await using (await HoldRelayLockAsync())
        await using (var first = new PollerApp(Settings(), spans.RecordFrom).Started())
        {
            // No relay can lead while the test holds its lock: the events stay in the outbox.
            using var api = first.CreateApiClient();
            (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
            await EventuallyAsync(async () => (await TraceParentsAsync(uid)).Count == 2, "the poll's events committed");
        }

        Assert.Empty(Sink.For(uid));
        var poll = await PollThatYieldedAsync(spans, uid);
        Assert.All(await TraceParentsAsync(uid), stored => Assert.Equal($"00-{poll.TraceId}-{poll.SpanId}-01", stored));

        // The relay now runs in a new process, tracing on (its collector need not answer); the test
        // process sees only its own consumer's spans.
        spans.Clear();
        using var consumerTracing = spans.ListenToMassTransit();
        StartProcess(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(60), "the events, from the new process");
        await EventuallyAsync(() => Consumed(spans.All).Count() >= 4, "the consumer's spans");

        var received = spans.All.Where(s => s.Kind == ActivityKind.Consumer && s.DisplayName.EndsWith(" receive", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count(r => r.TraceId == poll.TraceId));
        // Their parent is the new process's send span: not the poll, and nothing this process saw.
        Assert.All(received.Where(r => r.TraceId == poll.TraceId), r =>
        {
            Assert.NotEqual(poll.SpanId, r.ParentSpanId);
            Assert.True(r.HasRemoteParent);
            Assert.DoesNotContain(spans.All, s => s.SpanId == r.ParentSpanId);
        });
    }

    [Fact]
    public async Task An_untrack_continues_its_requests_trace_and_a_replay_is_a_trace_of_its_own_linked_to_the_poll()
    {
        var spans = new SpanLog();
        var app = Own(new PollerApp(Settings(), spans.RecordFrom).Started());
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(30), "TokenTracked and InspectionStarted");
        var poll = await PollThatYieldedAsync(spans, uid);

        (await api.DeleteAsync($"/tokens/{uid}")).EnsureSuccessStatusCode();
        var stop = await SpanAsync(spans, s => s.DisplayName == "publish TokenTrackingStopped" && (string?)s.GetTagItem(PollerTracing.Tag.TokenUid) == uid, "the stop's publish");
        var untrack = spans.All.Single(s => s.SpanId == stop.ParentSpanId);
        Assert.Equal((ActivityKind.Server, "DELETE", "/tokens/{uid}"), (untrack.Kind, untrack.GetTagItem("http.request.method"), untrack.GetTagItem("http.route")));

        await EventuallyAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM token_events WHERE uid = @uid AND published_at IS NULL", ("uid", uid)) == 0, "every event marked published");
        (await api.PostAsync($"/tokens/{uid}/replay?toSequence=2", null)).EnsureSuccessStatusCode();
        await EventuallyAsync(() => Replays(spans, uid).Count == 2, "the replays' spans");

        var replays = Replays(spans, uid);
        Assert.Equal(["replay TokenTracked", "replay InspectionStarted"], replays.OrderBy(r => r.StartTimeUtc).Select(r => r.DisplayName));
        var request = spans.All.Single(s => s.SpanId == replays[0].ParentSpanId);
        Assert.Equal((ActivityKind.Server, "POST", "/tokens/{uid}/replay"), (request.Kind, request.GetTagItem("http.request.method"), request.GetTagItem("http.route")));
        Assert.All(replays, replay =>
        {
            Assert.Equal(request.SpanId, replay.ParentSpanId);
            var original = Assert.Single(replay.Links).Context;
            Assert.Equal((poll.TraceId, poll.SpanId), (original.TraceId, original.SpanId));
        });
    }

    private static List<Activity> Replays(SpanLog spans, string uid) =>
        [.. spans.All.Where(s => s.DisplayName.StartsWith("replay ", StringComparison.Ordinal) && (string?)s.GetTagItem(PollerTracing.Tag.TokenUid) == uid)];

    private static async Task<Activity> SpanAsync(SpanLog spans, Func<Activity, bool> match, string what)
    {
        Activity? span = null;
        await EventuallyAsync(() => (span = spans.All.FirstOrDefault(match)) is not null, what);
        return span!;
    }

    private static async Task<Activity> PollThatYieldedAsync(SpanLog spans, string uid)
    {
        Activity? poll = null;
        await EventuallyAsync(() => (poll = spans.All.SingleOrDefault(s =>
            s.Source.Name == PollerTracing.SourceName && s.DisplayName == "poll"
            && (string?)s.GetTagItem(PollerTracing.Tag.TokenUid) == uid && s.GetTagItem(PollerTracing.Tag.EventCount) is not null)) is not null,
            "the span of the poll that yielded the events");
        return poll!;
    }

    private static IEnumerable<Activity> ChildrenOf(IReadOnlyList<Activity> trace, Activity parent) =>
        trace.Where(s => s.ParentSpanId == parent.SpanId);

    private static IEnumerable<Activity> Consumed(IEnumerable<Activity> spans) =>
        spans.Where(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);

    private static string Statement(Activity span) =>
        (span.GetTagItem("db.query.text") ?? span.GetTagItem("db.statement")) as string ?? "";

    private async Task<List<string?>> TraceParentsAsync(string uid)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT trace_parent FROM token_events WHERE uid = @uid ORDER BY sequence", connection);
        command.Parameters.AddWithValue("uid", uid);
        var stored = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return stored;
    }
}
