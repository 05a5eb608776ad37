extern alias sample;

using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using sample::Tchek.Events.Consumers.Sample.Crm;
using sample::Tchek.Events.Consumers.Sample.Dms;
using sample::Tchek.Events.Consumers.Sample.Inbox;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Consumers;

/// <summary>The sample consumers over real RabbitMQ and PostgreSQL: idempotent on EventId, gaps noticed, an erased token forgotten.</summary>
[Collection("services")]
public sealed class CrmLeadConsumerTests(ServicesFixture services) : IAsyncLifetime
{
    private NpgsqlDataSource _database = null!;
    private IsolatedVirtualHost _vhost = null!;
    private TestBus _bus = null!;
    private readonly LogCapture _logs = new();
    private ILoggerFactory _loggers = null!;
    private readonly string _uid = "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public async Task InitializeAsync()
    {
        _database = NpgsqlDataSource.Create(await services.CreateDatabaseAsync("sample"));
        await SampleSchema.ApplyAsync(_database);
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        var inbox = new Inbox(_database, _loggers.CreateLogger<Inbox>());
        // A vhost of its own: the event exchanges its publishes declare go with it.
        _vhost = await IsolatedVirtualHost.CreateAsync(services);
        try
        {
            _bus = await TestBus.StartAsync(_vhost.Uri, cfg => cfg.ReceiveEndpoint(TestBus.UniqueQueueName("crm"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Consumer(() => new CrmLeadConsumer(inbox, TimeProvider.System, NullLogger<CrmLeadConsumer>.Instance));
                endpoint.Consumer(() => new DmsInspectionConsumer(inbox, TimeProvider.System, NullLogger<DmsInspectionConsumer>.Instance));
            }));
        }
        catch
        {
            // xUnit 2 never disposes a class whose InitializeAsync threw: the vhost goes now.
            await _vhost.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public async Task Redelivering_an_event_to_the_crm_consumer_changes_nothing_the_second_time()
    {
        await PublishAsync(new TokenTracked { Status = 0 }, 1);
        await PublishAsync(new InspectionStarted { Status = 1 }, 2);
        await WaitForInboxAsync("crm-lead", 2);
        var first = await LeadAsync();

        await PublishAsync(new ChaseUpSent { Status = 6 }, 3);
        await WaitForInboxAsync("crm-lead", 3);
        // The same two events again, as a broker redelivers them after a lost ack; then a marker.
        await PublishAsync(new InspectionStarted { Status = 1 }, 2);
        await PublishAsync(new ChaseUpSent { Status = 6 }, 3);
        await PublishAsync(new TokenStatusChanged { Status = 2, PreviousStatus = 6 }, 4);
        await WaitForInboxAsync("crm-lead", 4);

        Assert.Equal(("InspectionStarted", first.ChangedAt), await LeadAsync());
        Assert.Equal("InspectionStarted", first.Stage);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM crm_activities WHERE token_uid = @uid AND activity = 'Customer was chased up'"));
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM crm_activities WHERE token_uid = @uid"));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM sequence_gaps"));
    }

    [Fact]
    public async Task The_crm_lead_moves_forward_only_and_a_gap_is_recorded()
    {
        await PublishAsync(new TokenTracked { Status = 0 }, 1);
        await PublishAsync(new InspectionCompleted { Status = 5, PercentDamage = 3.5m, Options = new TokenOptions { Report = true } }, 4);
        await PublishAsync(new TokenExpired { Status = 5 }, 5);
        await WaitForInboxAsync("crm-lead", 3);

        Assert.Equal("ReportReady", (await LeadAsync()).Stage);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM sequence_gaps WHERE consumer = 'crm-lead' AND expected = 2 AND received = 4"));
        // The warning names what is missing (#2 and #3), not a jump "from 3 to 4", and where to get it.
        Assert.Contains(_logs.Lines, l => l.Contains(
            $"crm-lead: token {_uid}: expected event #2, received #4; #2 to #3 have not arrived (yet); the poller's GET /tokens/{_uid}/events?after=1 has them",
            StringComparison.Ordinal));
        await WaitForInboxAsync("dms-inspection", 3);
        Assert.Equal(3.5m, await ScalarAsync<decimal>("SELECT percent_damage FROM dms_inspections WHERE token_uid = @uid"));
        Assert.True(await ScalarAsync<bool>("SELECT report_available FROM dms_inspections WHERE token_uid = @uid"));
    }

    [Fact]
    public async Task TokenErased_deletes_everything_the_samples_hold_of_the_token_and_a_late_delivery_brings_nothing_back()
    {
        var other = "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await PublishAsync(new TokenTracked { Status = 0, CustomerId = "cust-1" }, 1);
        await PublishAsync(new InspectionStarted { Status = 1, CustomerId = "cust-1" }, 2);
        await PublishAsync(new InspectionCompleted { Status = 5, PercentDamage = 3.5m, InspectionId = "insp-1", Options = new TokenOptions { Report = true } }, 4);
        await PublishAsync(new TokenTracked { Status = 0 }, 1, other);
        await PublishAsync(new InspectionStarted { Status = 1 }, 2, other);
        await WaitForInboxAsync("crm-lead", 3);
        await WaitForInboxAsync("dms-inspection", 3);
        await WaitForInboxAsync("dms-inspection", 2, other);
        string[] tables = ["crm_leads", "crm_activities", "dms_inspections", "inbox", "token_cursors", "sequence_gaps"];
        // Every table holds something of the token (the gap at #3 included), and of the other one.
        foreach (var table in tables)
        {
            Assert.True(await CountOfAsync(table, _uid) > 0, $"{table} holds nothing of the token before the erase");
        }

        await PublishAsync(Erased(5));
        await WaitForAsync("SELECT count(*) FROM erased_tokens WHERE token_uid = @uid", _uid, 2);

        foreach (var table in tables)
        {
            Assert.Equal(0L, await CountOfAsync(table, _uid));
        }

        Assert.Equal(1L, await CountOfAsync("crm_leads", other));
        Assert.Equal(2L, await ScalarAsync<long>($"SELECT count(*) FROM inbox WHERE token_uid = '{other}' AND consumer = 'crm-lead'"));

        // Late deliveries (an earlier event, the erase again): the token stays forgotten. The other token's next
        // event, behind them on the one-at-a-time endpoint, says they were handled.
        await PublishAsync(new InspectionStarted { Status = 1, CustomerId = "cust-1" }, 2);
        await PublishAsync(new InspectionCompleted { Status = 5, PercentDamage = 3.5m, InspectionId = "insp-1" }, 4);
        await PublishAsync(Erased(5));
        await PublishAsync(new PicturesCompleted { Status = 3 }, 3, other);
        await WaitForInboxAsync("crm-lead", 3, other);
        await WaitForInboxAsync("dms-inspection", 3, other);

        foreach (var table in tables)
        {
            Assert.Equal(0L, await CountOfAsync(table, _uid));
        }

        Assert.Equal("PicturesReceived", await ScalarAsync<string>($"SELECT stage FROM crm_leads WHERE token_uid = '{other}'"));
        Assert.Equal(["crm-lead", "dms-inspection"], await ConsumersErasedAsync());
    }

    private TokenErased Erased(long sequence) => new()
    {
        EventId = TokenEventIds.For(_uid, sequence), TokenUid = _uid, Sequence = sequence, Status = 5,
        OccurredAt = DateTimeOffset.UtcNow, ObservedAt = DateTimeOffset.UtcNow,
    };

    private Task PublishAsync(ITokenEvent evt) => _bus.Bus.Publish(evt, evt.GetType(), context => context.MessageId = evt.EventId);

    private async Task<long> CountOfAsync(string table, string uid)
    {
        await using var command = _database.CreateCommand($"SELECT count(*) FROM {table} WHERE token_uid = @uid");
        command.Parameters.AddWithValue("uid", uid);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> ConsumersErasedAsync()
    {
        await using var command = _database.CreateCommand("SELECT consumer FROM erased_tokens WHERE token_uid = @uid ORDER BY consumer");
        command.Parameters.AddWithValue("uid", _uid);
        var consumers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            consumers.Add(reader.GetString(0));
        }

        return consumers;
    }

    private async Task WaitForAsync(string sql, string uid, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = _database.CreateCommand(sql);
            command.Parameters.AddWithValue("uid", uid);
            if ((long)(await command.ExecuteScalarAsync())! >= count)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {count} of {sql}");
            await Task.Delay(25);
        }
    }

    private async Task PublishAsync(TokenEvent evt, long sequence, string? uid = null)
    {
        uid ??= _uid;
        var id = TokenEventIds.For(uid, sequence);
        var stamped = evt with { EventId = id, TokenUid = uid, Sequence = sequence, OccurredAt = DateTimeOffset.UtcNow, ObservedAt = DateTimeOffset.UtcNow };
        await _bus.Bus.Publish(stamped, stamped.GetType(), context => context.MessageId = id);
    }

    private async Task<(string Stage, DateTime ChangedAt)> LeadAsync()
    {
        await using var command = _database.CreateCommand("SELECT stage, changed_at FROM crm_leads WHERE token_uid = @uid");
        command.Parameters.AddWithValue("uid", _uid);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no lead");
        return (reader.GetString(0), reader.GetDateTime(1));
    }

    private async Task WaitForInboxAsync(string consumer, long count, string? uid = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountAsync($"SELECT count(*) FROM inbox WHERE consumer = '{consumer}' AND token_uid = '{uid ?? _uid}'") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{consumer} processed fewer than {count} events");
            await Task.Delay(25);
        }
    }

    private Task<long> CountAsync(string sql) => ScalarAsync<long>(sql);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        command.Parameters.AddWithValue("uid", _uid);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
