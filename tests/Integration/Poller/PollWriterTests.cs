using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Audit;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Claim.Rules;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Hosting;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Relay;
using Tchek.Events.StatusPoller.Telemetry;
using Tchek.Events.StatusPoller.Tokens;
using Tchek.Events.StatusPoller.Write;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The write stage alone, against a migrated PostgreSQL and no poller: what <see cref="PollWriter"/>
/// commits for a batch of decided polls, and what it does when a write is fenced off or refused.
/// </summary>
[Collection("services")]
public sealed class PollWriterTests(ServicesFixture services) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly PollingOptions _policy = new();
    private readonly OutboxSignal _signal = new();
    private ServiceProvider _provider = null!;
    private NpgsqlDataSource _dataSource = null!;
    private TrackedTokens _tokens = null!;
    private PollWriter _writer = null!;
    private MeterListener _listener = null!;
    private long _claimsLost;

    public async Task InitializeAsync()
    {
        var database = await services.CreateDatabaseAsync(nameof(PollWriterTests));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = database }).Build();
        _provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMetrics().AddPersistence().BuildServiceProvider();
        await _provider.MigrateDatabaseAsync();

        var meters = _provider.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            // Only this test's meters: other collections' pollers run in the same process.
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "tchek.claims.lost")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _claimsLost, value));
        _listener.Start();

        _dataSource = _provider.GetRequiredService<NpgsqlDataSource>();
        _tokens = new TrackedTokens(_dataSource, new EventLog(_dataSource, _signal), new AuditLog(_dataSource, NullLogger<AuditLog>.Instance));
        _writer = new PollWriter(_tokens, _policy, TimeProvider.System, new NoJitter(), new PollerMetrics(meters), NullLogger<PollWriter>.Instance);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_commits_each_tokens_state_with_its_events_numbered_after_what_was_stored()
    {
        var (a, b) = (NewUid(), NewUid());
        await TrackAsync(a, b);

        var first = await ClaimAsync(a, b);
        var (firstOfA, firstOfB) = (Poll(first[a], 1), Poll(first[b], 3));
        Assert.Empty(await _writer.WriteAsync([firstOfA, firstOfB]));
        // The relay is woken: events were committed.
        Assert.True(await _signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(Enumerable.Range(1, firstOfA.Decision.Events.Count).Select(i => (long)i), await SequencesAsync(a));
        Assert.Equal(Enumerable.Range(1, firstOfB.Decision.Events.Count).Select(i => (long)i), await SequencesAsync(b));

        // a moves on from 1 to 3, b stays at 3: a's new events follow its stored ones, b gets none.
        var second = await ClaimAsync(a, b);
        var secondOfA = Poll(second[a], 3);
        Assert.NotEmpty(secondOfA.Decision.Events);
        Assert.Empty(await _writer.WriteAsync([secondOfA, Poll(second[b], 3)]));

        var total = firstOfA.Decision.Events.Count + secondOfA.Decision.Events.Count;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), await SequencesAsync(a));
        Assert.Equal(firstOfB.Decision.Events.Count, (await SequencesAsync(b)).Count);
        foreach (var (uid, events) in new[] { (a, total), (b, firstOfB.Decision.Events.Count) })
        {
            var row = await RowAsync(uid);
            Assert.Equal(3, row.Status);
            Assert.Equal(events, row.LastSequence);
            Assert.Equal(0, row.FailureCount);
        }
    }

    [Fact]
    public async Task A_write_whose_claim_was_lost_writes_nothing_and_is_reported_lost()
    {
        var (kept, taken) = (NewUid(), NewUid());
        await TrackAsync(kept, taken);
        var claims = await ClaimAsync(kept, taken);
        // Another instance took the token meanwhile (its lease ran out, say).
        await ExecuteAsync("UPDATE tracked_tokens SET lease_version = lease_version + 1 WHERE uid = @uid", taken);
        var refused = Poll(claims[taken], 3);

        var lost = await _writer.WriteAsync([Poll(claims[kept], 3), refused]);

        Assert.Same(refused, Assert.Single(lost));
        Assert.Equal(1, Interlocked.Read(ref _claimsLost));
        Assert.Empty(await SequencesAsync(taken));
        var row = await RowAsync(taken);
        Assert.Null(row.Status);
        Assert.Equal(0, row.LastSequence);
        // Its neighbour in the batch is written all the same.
        Assert.NotEmpty(await SequencesAsync(kept));
        Assert.Equal(3, (await RowAsync(kept)).Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_write_the_database_refuses_is_replaced_by_its_failure_and_a_back_off_and_spares_its_neighbours(int batchSize)
    {
        var uids = Enumerable.Range(0, batchSize).Select(_ => NewUid()).ToArray();
        await TrackAsync(uids);
        var claims = await ClaimAsync(uids);
        var unstorable = uids[^1];
        // numeric stops far below 10^1000000: PostgreSQL refuses the snapshot (22003).
        var writes = uids.Select(uid => uid == unstorable
            ? TokenWrite.Poll(claims[uid], Answer(uid, 3, body => body.Replace("{\"token\":{", "{\"token\":{\"weird\":1e1000000,", StringComparison.Ordinal)), Now, 0, _policy)
            : Poll(claims[uid], 3)).ToList();
        Assert.NotEmpty(writes[^1].Decision.Events);

        Assert.Empty(await _writer.WriteAsync(writes));

        Assert.Empty(await SequencesAsync(unstorable));
        var refused = await RowAsync(unstorable);
        Assert.Null(refused.Status);
        Assert.Equal(0, refused.LastSequence);
        Assert.Equal(1, refused.FailureCount);
        Assert.StartsWith("write failed: 22003", refused.LastError, StringComparison.Ordinal);
        Assert.True(refused.NextPollAt >= Now + _policy.FailureBackoff * 0.5, $"next poll at {refused.NextPollAt}, polled at {Now}");
        Assert.Equal(0, Interlocked.Read(ref _claimsLost));
        foreach (var uid in uids[..^1])
        {
            Assert.NotEmpty(await SequencesAsync(uid));
            Assert.Equal(3, (await RowAsync(uid)).Status);
        }
    }

    [Fact]
    public async Task Unchanged_polls_wait_to_share_one_transaction_and_a_change_commits_at_once()
    {
        var (a, b, c) = (NewUid(), NewUid(), NewUid());
        await TrackAsync(a, b, c);
        var first = await ClaimAsync(a, b, c);
        Assert.Empty(await _writer.WriteAsync([Poll(first[a], 3), Poll(first[b], 3), Poll(first[c], 3)]));
        var claims = await ClaimAsync(a, b, c);
        var unchanged = new[] { Poll(claims[a], 3), Poll(claims[b], 3) };
        Assert.All(unchanged, write => Assert.Empty(write.Decision.Events));
        var changed = Poll(claims[c], 4);
        Assert.NotEmpty(changed.Decision.Events);

        // Time stands still until the test moves it: the writer's wait ends only then.
        var time = new HeldDelays();
        var writer = new PollWriter(_tokens, _policy, time, new NoJitter(), new PollerMetrics(_provider.GetRequiredService<IMeterFactory>()), NullLogger<PollWriter>.Instance);
        var results = Channel.CreateUnbounded<TokenWrite>();
        var (xminA, xminB) = (await XminAsync(a), await XminAsync(b));
        results.Writer.TryWrite(unchanged[0]);
        var running = writer.RunAsync(results.Reader, batchSize: 200, delay: TimeSpan.FromSeconds(1));
        Assert.True(await time.Waiting.WaitAsync(TimeSpan.FromSeconds(10)), "the writer never waited");
        // Waiting: nothing written yet (the row is as the claim left it), and a later poll joins the batch.
        Assert.Equal(xminA, await XminAsync(a));
        results.Writer.TryWrite(unchanged[1]);
        time.Release();

        // Both committed by one transaction: the rows carry the same transaction id.
        await WaitUntilAsync(async () => await XminAsync(a) != xminA && await XminAsync(b) != xminB);
        Assert.Equal(await XminAsync(a), await XminAsync(b));

        // A write with events never waits: it commits while time still stands still.
        var stored = (await SequencesAsync(c)).Count;
        results.Writer.TryWrite(changed);
        await WaitUntilAsync(async () => (await SequencesAsync(c)).Count == stored + changed.Decision.Events.Count);
        Assert.Equal(4, (await RowAsync(c)).Status);

        results.Writer.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static string NewUid() => "W" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private Task TrackAsync(params string[] uids) =>
        _tokens.InsertAsync([.. uids.Select(uid => new TrackRequest(uid, null, null))], Now.AddMinutes(-1), new Actor("poll-writer-tests", Actor.Api, null), CancellationToken.None);

    // Claims these tokens only: every other row is pushed out of reach first.
    private async Task<Dictionary<string, TrackedToken>> ClaimAsync(params string[] uids)
    {
        await using (var due = _dataSource.CreateCommand("UPDATE tracked_tokens SET next_poll_at = CASE WHEN uid = ANY(@uids) THEN @due ELSE 'infinity' END"))
        {
            due.Parameters.AddWithValue("uids", uids);
            due.Parameters.AddWithValue("due", Now.AddMinutes(-1));
            await due.ExecuteNonQueryAsync();
        }

        var claimed = await _tokens.ClaimDueAsync(new ClaimBudget(uids.Length, 0), Now, TimeSpan.FromMinutes(1), "test", CancellationToken.None);
        Assert.Equal(uids.Order(StringComparer.Ordinal), claimed.Select(c => c.Uid).Order(StringComparer.Ordinal));
        return claimed.ToDictionary(c => c.Uid);
    }

    private TokenWrite Poll(TrackedToken claim, int status) => TokenWrite.Poll(claim, Answer(claim.Uid, status), Now, 0, _policy);

    private static FetchResult Answer(string uid, int status, Func<string, string>? tamper = null)
    {
        var body = VendorPayload.Create(uid, status, false, null, Now).ToJsonString();
        return FetchResult.Answered(Encoding.UTF8.GetBytes(tamper?.Invoke(body) ?? body));
    }

    private async Task<List<long>> SequencesAsync(string uid)
    {
        await using var select = _dataSource.CreateCommand("SELECT sequence FROM token_events WHERE uid = @uid ORDER BY sequence");
        select.Parameters.AddWithValue("uid", uid);
        var sequences = new List<long>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    private async Task<TrackedToken> RowAsync(string uid) => (await _tokens.FindAsync(uid, CancellationToken.None))!;

    private async Task ExecuteAsync(string sql, string uid)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("uid", uid);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<uint> XminAsync(string uid)
    {
        await using var select = _dataSource.CreateCommand("SELECT xmin FROM tracked_tokens WHERE uid = @uid");
        select.Parameters.AddWithValue("uid", uid);
        return (uint)(await select.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the write was not committed within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>System time, but every timer waits until <see cref="Release"/>: the writer's wait for company ends only then.</summary>
    private sealed class HeldDelays : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _held = [];

        public SemaphoreSlim Waiting { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_held)
            {
                _held.Add((callback, state));
            }

            Waiting.Release();
            return new Held();
        }

        public void Release()
        {
            lock (_held)
            {
                foreach (var (callback, state) in _held)
                {
                    callback(state);
                }

                _held.Clear();
            }
        }

        private sealed class Held : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class NoJitter : IJitter
    {
        public double Next() => 0;
    }
}
