using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Tchek.Events.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL and a real RabbitMQ for the <c>services</c> collection. Each comes from its
/// environment variable when set (<see cref="PostgresVariable"/>, <see cref="RabbitMqVariable"/>),
/// otherwise from a Testcontainers container; with neither, the fixture fails with how to get
/// them. It never skips, and it checks that each service answers before any test runs.
/// </summary>
public sealed partial class ServicesFixture : IAsyncLifetime
{
    /// <summary>An Npgsql connection string to a database the tests may <c>CREATE DATABASE</c> from.</summary>
    public const string PostgresVariable = "TCHEK_TEST_POSTGRES";

    /// <summary>An AMQP URI, e.g. <c>amqp://guest:guest@127.0.0.1:5672/</c>.</summary>
    public const string RabbitMqVariable = "TCHEK_TEST_RABBITMQ";

    /// <summary>An amqps URI to the TLS listener of the same broker, e.g. <c>amqps://guest:guest@localhost:5671/</c>.</summary>
    public const string RabbitMqTlsVariable = "TCHEK_TEST_RABBITMQ_TLS";

    /// <summary>The PEM file of the CA that signed the TLS listener's certificate.</summary>
    public const string RabbitMqTlsCaVariable = "TCHEK_TEST_RABBITMQ_TLS_CA";

    /// <summary>
    /// The broker's management HTTP API with credentials, e.g. <c>http://guest:guest@127.0.0.1:15672/</c>:
    /// creating and deleting a vhost there takes milliseconds, where <c>rabbitmqctl</c> takes half a
    /// second a call. Optional: without it, <see cref="IsolatedVirtualHost"/> uses <c>rabbitmqctl</c>.
    /// </summary>
    public const string RabbitMqManagementVariable = "TCHEK_TEST_RABBITMQ_MANAGEMENT";

    private const int ManagementPort = 15672;

    private const string PostgresImage = "postgres:15-alpine";
    private const string RabbitMqImage = "rabbitmq:3.13-management-alpine";
    private const string HowToGetServices =
        "Run ./test.sh (it starts a local PostgreSQL and RabbitMQ), or `source scripts/services.sh` before "
        + "`dotnet test`, or start a Docker engine so Testcontainers can run them.";

    private readonly List<IAsyncDisposable> _containers = [];
    private readonly List<string> _createdDatabases = [];
    private bool _postgresIsContainer;
    private IContainer? _rabbitMqContainer;
    private string? _adminConnectionString;
    private Uri? _rabbitMqUri;
    private RabbitMqTlsListener? _containerTls;
    private string? _containerTlsDirectory;

    /// <summary>The server's admin connection string (the database new ones are created from).</summary>
    public string AdminConnectionString => _adminConnectionString ?? throw NotInitialized();

    /// <summary>The broker, as an AMQP URI with credentials; pass it to MassTransit's <c>Host(Uri)</c>.</summary>
    public Uri RabbitMqUri => _rabbitMqUri ?? throw NotInitialized();

    /// <summary>The broker's management API (with credentials), or null when only <c>rabbitmqctl</c> reaches it.</summary>
    public Uri? RabbitMqManagementUri { get; private set; }

    public async Task InitializeAsync()
    {
        var postgres = Variable(PostgresVariable);
        var rabbitMq = Variable(RabbitMqVariable);
        var unset = (postgres, rabbitMq) switch
        {
            (null, null) => $"{PostgresVariable} and {RabbitMqVariable} are",
            (null, _) => $"{PostgresVariable} is",
            _ => $"{RabbitMqVariable} is",
        };
        try
        {
            _postgresIsContainer = postgres is null;
            _adminConnectionString = postgres
                ?? await StartContainerAsync(unset, PostgresImage, () => new PostgreSqlBuilder(PostgresImage).Build(), c => c.GetConnectionString());
            await ServiceChecks.PostgresAnswersAsync(_adminConnectionString, Source(postgres, PostgresVariable));

            var rabbitMqText = rabbitMq
                ?? await StartContainerAsync(unset, RabbitMqImage, () => WithTlsListener(new RabbitMqBuilder(RabbitMqImage)).Build(), c =>
                {
                    _rabbitMqContainer = c;
                    _containerTls = ContainerTlsListener(c);
                    RabbitMqManagementUri = new UriBuilder(c.GetConnectionString())
                    {
                        Scheme = "http",
                        Port = c.GetMappedPublicPort(ManagementPort),
                        Path = "/",
                    }.Uri;
                    return c.GetConnectionString();
                });
            _rabbitMqUri = ServiceChecks.ParseAmqpUri(rabbitMqText, Source(rabbitMq, RabbitMqVariable));
            await ServiceChecks.RabbitMqAnswersAsync(_rabbitMqUri, Source(rabbitMq, RabbitMqVariable));
            if (rabbitMq is not null && Variable(RabbitMqManagementVariable) is { } management)
            {
                // Only a speed-up: a management API that does not answer leaves rabbitmqctl to do the work.
                RabbitMqManagementUri = await ServiceChecks.ManagementAnswersAsync(new Uri(management)) ? new Uri(management) : null;
            }
        }
        catch
        {
            await DisposeContainersAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <c>rabbitmqctl</c> against the tests' broker: inside its container, or on this machine
    /// when the broker is local; <paramref name="file"/>, if given, is made readable to it first and
    /// its path replaces <c>{file}</c> in the arguments. Any other broker is a clear error.
    /// </summary>
    public async Task<string> RabbitMqCtlAsync(string? file, params string[] args)
    {
        if (_rabbitMqContainer is { } container)
        {
            const string InContainer = "/tmp/tchek-rabbitmqctl-input";
            if (file is not null)
            {
                await container.CopyAsync(await File.ReadAllBytesAsync(file), InContainer);
            }

            var result = await container.ExecAsync(["rabbitmqctl", .. args.Select(a => a.Replace("{file}", InContainer, StringComparison.Ordinal))]);
            return result.ExitCode == 0 ? result.Stdout : throw new InvalidOperationException($"rabbitmqctl {args[0]} failed in the container: {result.Stderr}");
        }

        if (!RabbitMqUri.IsLoopback)
        {
            throw new InvalidOperationException(
                $"The broker at {RabbitMqUri.Host} is neither local nor a Testcontainers container: rabbitmqctl cannot reach it. {HowToGetServices}");
        }

        var start = new System.Diagnostics.ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(file is null ? arg : arg.Replace("{file}", Path.GetFullPath(file), StringComparison.Ordinal));
        }

        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException($"rabbitmqctl could not be started. {HowToGetServices}");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"rabbitmqctl {args[0]} failed (exit {process.ExitCode}; as root, or as the rabbitmq user?): {error}");
    }

    /// <summary>
    /// Creates a new, empty database named <c>tchek_test_{prefix}_{8 hex}</c> and returns its
    /// connection string, so a test class (or a test) gets state no other test touches.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var safePrefix = UnsafeIdentifierChars().Replace(prefix.ToLowerInvariant(), "_");
        var name = $"tchek_test_{safePrefix[..Math.Min(safePrefix.Length, 32)]}_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            // template0: a pristine database even if the server's template1 was changed.
            // The name is built from [a-z0-9_] only, so it is safe to splice in.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }

        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        // On a shared server, leave nothing behind; a container takes its databases with it.
        if (_adminConnectionString is not null && !_postgresIsContainer && _createdDatabases.Count > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var name in _createdDatabases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        await DisposeContainersAsync();
        if (_containerTlsDirectory is not null)
        {
            Directory.Delete(_containerTlsDirectory, recursive: true);
        }
    }

    private async Task<string> StartContainerAsync<TContainer>(
        string unsetVariables, string image, Func<TContainer> build, Func<TContainer, string> connectionString)
        where TContainer : IContainer
    {
        try
        {
            // Build() already throws when no Docker engine answers.
            var container = build();
            _containers.Add(container);
            await container.StartAsync();
            return connectionString(container);
        }
        catch (Exception e)
        {
            var reason = e is DockerUnavailableException ? "no Docker engine answers" : FirstLine(e.Message);
            throw new InvalidOperationException(
                $"No services for the integration tests: {unsetVariables} not set, and Testcontainers could not "
                + $"start {image} ({reason}). {HowToGetServices}", e);
        }
    }

    private async Task DisposeContainersAsync()
    {
        foreach (var container in _containers)
        {
            await container.DisposeAsync();
        }

        _containers.Clear();
    }

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r', '.');

    private static string Source(string? variableValue, string variable) =>
        variableValue is null ? $"the Testcontainers container ({variable} is not set)" : variable;

    private static InvalidOperationException NotInitialized() =>
        new("The services fixture is not initialized; use it through [Collection(\"services\")].");

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex UnsafeIdentifierChars();
}
