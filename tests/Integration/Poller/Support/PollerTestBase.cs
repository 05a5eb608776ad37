using System.Security.Cryptography;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>
/// Per test class: a fresh database, a RabbitMQ virtual host of its own, a stub vendor, and an event
/// sink bound before any poller runs. The poller itself is started by each test (in process or as a
/// process). The command queues have fixed names: in a shared vhost, any other class's poller still
/// running would compete for this class's commands. In a vhost of its own, only this class's pollers
/// see them, and a poller that outlives its test is named when the class ends.
/// </summary>
public abstract class PollerTestBase(ServicesFixture services) : IAsyncLifetime
{
    protected ServicesFixture Services { get; } = services;

    private const int SetupCommandTimeoutSeconds = 300;

    private static readonly TimeSpan LeakGrace = TimeSpan.FromSeconds(15);

    protected StubVendor Vendor { get; private set; } = null!;

    protected EventSink Sink { get; private set; } = null!;

    protected string Database { get; private set; } = null!;

    /// <summary>The broker, on this class's own vhost. Every bus of the test connects here.</summary>
    protected Uri RabbitMqUri => _vhost.Uri;

    private IsolatedVirtualHost _vhost = null!;

    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>
    /// Runs <see cref="SetUpAsync"/>; when it fails, stops what it started and deletes the vhost, since
    /// xUnit 2 never disposes a test class whose InitializeAsync threw.
    /// </summary>
    public async Task InitializeAsync()
    {
        try
        {
            await SetUpAsync();
        }
        catch
        {
            try
            {
                await DisposeAsync();
            }
            catch (Exception)
            {
                // The setup's own failure is the one to report.
            }

            throw;
        }
    }

    /// <summary>The class's vendor, vhost, sink and database; a class that needs more overrides it and calls it first.</summary>
    protected virtual async Task SetUpAsync()
    {
        Vendor = await StubVendor.StartAsync();
        _vhost = await IsolatedVirtualHost.CreateAsync(Services);
        Sink = await EventSink.StartAsync(RabbitMqUri);
        Database = await Services.CreateDatabaseAsync(GetType().Name);
    }

    public async Task DisposeAsync()
    {
        // Every poller goes, even if one fails to stop: a leftover one would consume the next
        // test's commands from the shared broker. After a failed setup, what was never started is null.
        var failures = new List<Exception>();
        foreach (var owned in Enumerable.Reverse(_owned).Append(Sink).Append<IAsyncDisposable>(Vendor).OfType<IAsyncDisposable>())
        {
            try
            {
                await owned.DisposeAsync();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        if (_vhost is not null)
        {
            try
            {
                // Everything the test started is stopped: a connection still open is a leak (a poller or
                // a bus that survived its host), which would consume commands and hold resources.
                // A bus stopped while it was still connecting closes the connection it then opens a
                // moment later: a connection is a leak only if it is still open after a grace period.
                var leaked = await _vhost.OpenConnectionsAsync();
                for (var deadline = DateTime.UtcNow + LeakGrace; leaked.Count > 0 && DateTime.UtcNow < deadline; leaked = await _vhost.OpenConnectionsAsync())
                {
                    await Task.Delay(500);
                }

                if (leaked.Count > 0)
                {
                    failures.Add(new InvalidOperationException(
                        $"{leaked.Count} broker connection(s) outlived the test class {GetType().Name}: {string.Join("; ", leaked)}"));
                }
            }
            finally
            {
                await _vhost.DisposeAsync();
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Stopping the test's pollers failed.", failures);
        }
    }

    /// <summary>A uid no other test uses: T and 8 hex digits.</summary>
    protected static string NewUid() => "T" + RandomNumberGenerator.GetHexString(8);

    protected Dictionary<string, string?> Settings(IDictionary<string, string?>? overrides = null) =>
        PollerSettings.For(Database, RabbitMqUri, Vendor.BaseUrl, overrides);

    protected PollerApp StartApp(IDictionary<string, string?>? overrides = null) => Own(new PollerApp(Settings(overrides)).Started());

    protected PollerProcess StartProcess(IDictionary<string, string?>? overrides = null) => Own(PollerProcess.Start(Settings(overrides)));

    protected T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Sets a token's next state and waits until the poller has certainly seen it (two answers later).</summary>
    protected async Task StepAsync(string uid, int status, bool expired = false, decimal? percentDamage = null)
    {
        var before = Vendor.RequestCount(uid);
        Vendor.Set(uid, status, expired, percentDamage);
        await Vendor.WaitForRequestsAsync(uid, before + 1, TimeSpan.FromSeconds(20));
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or fails saying what never happened.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <inheritdoc cref="EventuallyAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    protected static Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>
    /// Holds the relay's leader lock until the connection is disposed: no poller's relay can lead meanwhile, so what
    /// is committed stays in the outbox, unpublished.
    /// </summary>
    protected async Task<NpgsqlConnection> HoldRelayLockAsync()
    {
        // Unpooled: a pooled connection would keep the session lock after it is closed.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", OutboxRelay.LeaderLockKey);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    protected async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        // Setup statements may fill a million rows on a busy two-core machine: more than Npgsql's 30 s.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = SetupCommandTimeoutSeconds };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    protected async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        // Setup statements may fill a million rows on a busy two-core machine: more than Npgsql's 30 s.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = SetupCommandTimeoutSeconds };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
