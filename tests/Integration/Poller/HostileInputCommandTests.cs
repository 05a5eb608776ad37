using System.Text;
using MassTransit;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Xunit.Abstractions;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// Hostile input to the bus commands: invalid <see cref="TrackToken"/> and <see cref="UntrackToken"/>
/// commands, and garbage sent straight to their queues. Each is moved to the queue's <c>_error</c>
/// (or <c>_skipped</c>) queue without retries, the stored state stays byte-identical, and the
/// poller still carries out valid commands afterwards.
/// </summary>
[Collection("services")]
public sealed class HostileInputCommandTests(ServicesFixture services, ITestOutputHelper output) : HostileInputTestBase(services, output)
{
    [Fact]
    public async Task Invalid_bus_commands_go_to_the_error_queue_without_retries_and_change_nothing()
    {
        await WaitUntilReadyAsync();
        var input = new HostileInput(FuzzSeed);
        var fresh = NewUid();
        var commands = new List<(string Name, object Command)>();
        // MassTransit itself refuses an empty property name, before the consumer: a JsonException, still not retried.
        const string RefusedByMassTransit = "TrackToken with an empty metadata key";
        commands.AddRange(Enumerable.Range(0, 10).Select(_ => input.BadUid()).Select(uid => ($"TrackToken {HostileInput.Printable(uid)}", (object)new TrackToken { TokenUid = uid })));
        commands.AddRange(Enumerable.Range(0, 10).Select(_ => input.BadUidLike(input.Pick(Seeded.All))).Select(uid => ($"UntrackToken {HostileInput.Printable(uid)}", (object)new UntrackToken { TokenUid = uid })));
        commands.AddRange(HostileInput.TrailingBlanks.SelectMany(blank => new (string, object)[]
        {
            ($"TrackToken uid + {HostileInput.Printable(blank)}", new TrackToken { TokenUid = fresh + blank }),
            ($"UntrackToken of a stored token + {HostileInput.Printable(blank)}", new UntrackToken { TokenUid = Seeded.Active + blank }),
        }));
        commands.AddRange(
        [
            ("TrackToken without a uid", new TrackToken { TokenUid = null! }),
            ("TrackToken with an empty uid", new TrackToken()),
            ("UntrackToken without a uid", new UntrackToken { TokenUid = null! }),
            ("UntrackToken with an empty uid", new UntrackToken()),
            ("TrackToken with a 257-character reference", new TrackToken { TokenUid = fresh, ExternalReference = new string('r', 257) }),
            ("TrackToken with a NUL in its reference", new TrackToken { TokenUid = fresh, ExternalReference = "lead\0-1" }),
            ("TrackToken with 33 metadata entries", new TrackToken { TokenUid = fresh, Metadata = Enumerable.Range(0, 33).ToDictionary(i => $"k{i}", _ => "v") }),
            ("TrackToken with a 65-character metadata key", new TrackToken { TokenUid = fresh, Metadata = new Dictionary<string, string> { [new string('k', 65)] = "v" } }),
            (RefusedByMassTransit, new TrackToken { TokenUid = fresh, Metadata = new Dictionary<string, string> { [""] = "v" } }),
            ("TrackToken with a 513-character metadata value", new TrackToken { TokenUid = fresh, Metadata = new Dictionary<string, string> { ["k"] = new string('v', 513) } }),
            ("TrackToken with a null metadata value", new TrackToken { TokenUid = fresh, Metadata = new Dictionary<string, string> { ["k"] = null! } }),
            ("TrackToken with a NUL in a metadata value", new TrackToken { TokenUid = fresh, Metadata = new Dictionary<string, string> { ["k"] = "v\0" } }),
        ]);

        await using var bus = await TestBus.StartAsync(RabbitMqUri, _ => { });
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, command) in commands)
        {
            var id = NewId.NextGuid();
            names[id.ToString()] = name;
            await bus.Bus.Publish(command, command.GetType(), context => context.MessageId = id);
        }

        var queues = new CommandQueues(RabbitMqUri);
        var moved = await queues.TakeMovedAsync([$"{CommandQueues.Track}_error", $"{CommandQueues.Untrack}_error"], names.Keys, TimeSpan.FromSeconds(30));

        Assert.All(names, n => Assert.True(moved.ContainsKey(n.Key), $"{n.Value} is not in an error queue"));
        Assert.All(moved, m =>
        {
            var name = names[m.Key];
            Assert.Equal((name.StartsWith("Track", StringComparison.Ordinal) ? CommandQueues.Track : CommandQueues.Untrack) + "_error", m.Value.Queue);
            Assert.EndsWith(name == RefusedByMassTransit ? "JsonException" : "InvalidCommandException", m.Value.Headers.GetValueOrDefault("MT-Fault-ExceptionType"), StringComparison.Ordinal);
            // Refused at once: an invalid command is never retried.
            Assert.Equal("0", m.Value.Headers.GetValueOrDefault("MT-Fault-RetryCount") ?? "0");
        });
        await AssertUnchangedAsync("the invalid commands");
        await AssertStillTracksAsync(bus.Bus);
    }

    [Fact]
    public async Task Garbage_on_the_command_queues_is_moved_aside_changes_nothing_and_the_poller_still_tracks()
    {
        await WaitUntilReadyAsync();
        var random = new Random(FuzzSeed);
        var garbage = new byte[random.Next(1, 2048)];
        random.NextBytes(garbage);
        const string Envelope = "application/vnd.masstransit+json";
        var queues = new CommandQueues(RabbitMqUri);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (queue, other) in new[] { (CommandQueues.Track, "UntrackToken"), (CommandQueues.Untrack, "TrackToken") })
        {
            var own = queue == CommandQueues.Track ? "TrackToken" : "UntrackToken";
            // A uid this queue's consumer would act on, were it to take the message: new to track, or stored to untrack.
            var uid = queue == CommandQueues.Track ? NewUid() : Seeded.Active;
            var messages = new (string Name, string? ContentType, byte[] Body)[]
            {
                ("an envelope of an unknown message type", Envelope, Utf8(EnvelopeJson("NoSuchCommand", $$"""{"tokenUid":"{{uid}}"}"""))),
                ($"an {other} envelope", Envelope, Utf8(EnvelopeJson(other, $$"""{"tokenUid":"{{uid}}"}"""))),
                ("an envelope with fields of the wrong types", Envelope, Utf8(EnvelopeJson(own, """{"tokenUid":42,"metadata":"x"}"""))),
                ("an envelope without a message", Envelope, Utf8(EnvelopeJson(own, "null"))),
                ("a deeply nested envelope", Envelope, Utf8(new string('[', 5_000) + new string(']', 5_000))),
                ("a truncated envelope", Envelope, Utf8(EnvelopeJson(own, $$"""{"tokenUid":"{{uid}}"}""")[..60])),
                ("raw JSON with a near miss of a stored uid", "application/json", Utf8($$"""{"tokenUid":"{{Seeded.Active}} "}""")),
                ("text", "text/plain", Utf8($"{own} {uid}")),
                ($"{garbage.Length} random bytes as an envelope", Envelope, garbage),
                ($"{garbage.Length} random bytes without a content type", null, garbage),
            };
            foreach (var (name, contentType, body) in messages)
            {
                var id = Guid.NewGuid().ToString();
                names[id] = $"{name} to {queue}";
                await queues.SendRawAsync(queue, id, contentType, body);
            }
        }

        var moved = await queues.TakeMovedAsync(
            [$"{CommandQueues.Track}_error", $"{CommandQueues.Track}_skipped", $"{CommandQueues.Untrack}_error", $"{CommandQueues.Untrack}_skipped"],
            names.Keys,
            TimeSpan.FromSeconds(30));

        foreach (var (id, name) in names)
        {
            Assert.True(moved.TryGetValue(id, out var message), $"{name} is in neither an _error nor a _skipped queue");
            Output.WriteLine($"{name}: {message.Queue}, {message.Headers.GetValueOrDefault("MT-Fault-ExceptionType") ?? "skipped"}");
            Assert.True(message.Headers.GetValueOrDefault("MT-Fault-RetryCount") is null or "0", $"{name} was retried");
        }

        Assert.Equal(0u, await queues.ReadyAsync(CommandQueues.Track));
        Assert.Equal(0u, await queues.ReadyAsync(CommandQueues.Untrack));
        await AssertUnchangedAsync("the garbage");
        await using var bus = await TestBus.StartAsync(RabbitMqUri, _ => { });
        await AssertStillTracksAsync(bus.Bus);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string EnvelopeJson(string messageType, string message) =>
        $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:Tchek.Events.Contracts:{{messageType}}"],"message":{{message}}}""";

    /// <summary>Both command consumers still work: a new token gets tracked and polled, a seeded one untracked.</summary>
    private async Task AssertStillTracksAsync(IBus bus)
    {
        var uid = NewUid();
        Vendor.Set(uid, 1);
        await bus.Publish(new TrackToken { TokenUid = uid });
        await bus.Publish(new UntrackToken { TokenUid = Seeded.Active });
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid), TimeSpan.FromSeconds(30), "an event of the token tracked after the hostile commands");
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == Seeded.Active && e.Type == nameof(TokenTrackingStopped)), TimeSpan.FromSeconds(30), "the untracked token's last event");
    }
}
