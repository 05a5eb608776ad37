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

/// <summary>The sample consumers over real RabbitMQ and PostgreSQL: idempotent on EventId, gaps noticed.</summary>
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

    private async Task PublishAsync(TokenEvent evt, long sequence)
    {
        var id = TokenEventIds.For(_uid, sequence);
        var stamped = evt with { EventId = id, TokenUid = _uid, Sequence = sequence, OccurredAt = DateTimeOffset.UtcNow, ObservedAt = DateTimeOffset.UtcNow };
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

    private async Task WaitForInboxAsync(string consumer, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountAsync($"SELECT count(*) FROM inbox WHERE consumer = '{consumer}' AND token_uid = @uid") < count)
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
