using MassTransit;
using Npgsql;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Messaging;

namespace Tchek.Events.IntegrationTests;

/// <summary>The fixture gives real, isolated PostgreSQL databases and a real RabbitMQ that carries the contracts.</summary>
[Collection("services")]
public sealed class ServicesFixtureTests(ServicesFixture services) : IAsyncLifetime
{
    private const string TokenEventExchange = "Tchek.Events.Contracts:TokenEvent";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    // Each test's own vhost: the exchanges its buses declare go with it, and none is there before.
    private IsolatedVirtualHost _vhost = null!;

    private Uri Broker => _vhost.Uri;

    public async Task InitializeAsync() => _vhost = await IsolatedVirtualHost.CreateAsync(services);

    public async Task DisposeAsync() => await _vhost.DisposeAsync();

    [Fact]
    public async Task Created_database_is_new_and_empty()
    {
        var connectionString = await services.CreateDatabaseAsync("fixture");
        await using var db = NpgsqlDataSource.Create(connectionString);

        var name = await ScalarAsync<string>(db, "SELECT current_database()");
        Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, name);
        Assert.Matches("^tchek_test_fixture_[0-9a-f]{8}$", name);
        Assert.Equal(0L, await ScalarAsync<long>(db, UserTableCount));
    }

    [Fact]
    public async Task Created_database_takes_a_create_insert_select_round_trip()
    {
        await using var db = NpgsqlDataSource.Create(await services.CreateDatabaseAsync("fixture"));

        await ExecuteAsync(db, "CREATE TABLE probe (id int PRIMARY KEY, token_uid text NOT NULL)");
        await ExecuteAsync(db, "INSERT INTO probe VALUES (1, 'T0TEST1')");

        Assert.Equal("T0TEST1", await ScalarAsync<string>(db, "SELECT token_uid FROM probe WHERE id = 1"));
    }

    [Fact]
    public async Task Created_databases_do_not_share_state()
    {
        await using var first = NpgsqlDataSource.Create(await services.CreateDatabaseAsync("Fixture Isolation"));
        await using var second = NpgsqlDataSource.Create(await services.CreateDatabaseAsync("Fixture Isolation"));

        await ExecuteAsync(first, "CREATE TABLE probe (id int)");

        Assert.Equal(1L, await ScalarAsync<long>(first, UserTableCount));
        Assert.Equal(0L, await ScalarAsync<long>(second, UserTableCount));
    }

    [Fact]
    public async Task ITokenEvent_consumer_receives_a_concrete_event_published_with_TokenEvent_excluded()
    {
        // The base record must not get an exchange (the poller excludes it). The vhost starts
        // without one, so only the publisher's own topology can carry the message to ITokenEvent.
        Assert.False(await BrokerProbe.ExchangeExistsAsync(Broker, TokenEventExchange));
        var evt = NewInspectionStarted();
        var consumer = new AwaitingConsumer<ITokenEvent>(evt.TokenUid);
        await using var subscriber = await TestBus.StartAsync(Broker, cfg =>
            cfg.ReceiveEndpoint(TestBus.UniqueQueueName("all-events"), e =>
            {
                e.AutoDelete = true;
                e.Consumer(() => consumer);
            }));
        await using var publisher = await TestBus.StartAsync(Broker, cfg =>
            cfg.Publish<TokenEvent>(p => p.Exclude = true));

        await publisher.Bus.Publish(evt, ctx => ctx.MessageId = evt.EventId);

        var received = await consumer.ReceivedWithin(DeliveryTimeout);
        AssertSameEvent(evt, received.Message);
        Assert.Equal(evt.EventId, received.MessageId);
        Assert.Equal(evt, received.AsInspectionStarted);
        Assert.False(await BrokerProbe.ExchangeExistsAsync(Broker, TokenEventExchange));
    }

    [Fact]
    public async Task InspectionStarted_consumer_receives_it_with_MessageId_equal_to_EventId()
    {
        var evt = NewInspectionStarted();
        var consumer = new AwaitingConsumer<InspectionStarted>(evt.TokenUid);
        await using var subscriber = await TestBus.StartAsync(Broker, cfg =>
            cfg.ReceiveEndpoint(TestBus.UniqueQueueName("inspection-started"), e =>
            {
                e.AutoDelete = true;
                e.Consumer(() => consumer);
            }));
        await using var publisher = await TestBus.StartAsync(Broker, cfg =>
            cfg.Publish<TokenEvent>(p => p.Exclude = true));

        await publisher.Bus.Publish(evt, ctx => ctx.MessageId = evt.EventId);

        var received = await consumer.ReceivedWithin(DeliveryTimeout);
        Assert.Equal(evt, received.Message);
        Assert.Equal(evt.EventId, received.MessageId);
    }

    private const string UserTableCount =
        "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";

    /// <summary>A uid of its own per test, so runs sharing a broker never take each other's messages.</summary>
    private static InspectionStarted NewInspectionStarted()
    {
        var tokenUid = $"T0{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        return new InspectionStarted
        {
            EventId = TokenEventIds.For(tokenUid, 1),
            TokenUid = tokenUid,
            Sequence = 1,
            Status = TokenStatusCodes.Opened,
            OccurredAt = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero),
            ObservedAt = new DateTimeOffset(2025, 3, 14, 9, 27, 5, TimeSpan.Zero),
            Inferred = false,
            InspectionId = "insp-42",
            VehicleId = "veh-7",
            CustomerId = null,
            CreatorUserId = "user-3",
        };
    }

    private static void AssertSameEvent(InspectionStarted expected, ITokenEvent actual)
    {
        Assert.Equal(expected.EventId, actual.EventId);
        Assert.Equal(expected.TokenUid, actual.TokenUid);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.OccurredAt, actual.OccurredAt);
        Assert.Equal(expected.ObservedAt, actual.ObservedAt);
        Assert.Equal(expected.Inferred, actual.Inferred);
        Assert.Equal(expected.InspectionId, actual.InspectionId);
        Assert.Equal(expected.VehicleId, actual.VehicleId);
        Assert.Equal(expected.CustomerId, actual.CustomerId);
        Assert.Equal(expected.CreatorUserId, actual.CreatorUserId);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
