using Npgsql;
using RabbitMQ.Client;

namespace Tchek.Events.IntegrationTests.Infrastructure;

/// <summary>
/// Proves a service answers before any test relies on it, and says which setting to fix when
/// it does not: a test that fails on a dead service should not look like a failing feature.
/// </summary>
internal static class ServiceChecks
{
    private const string StartLocalServices = "Start local services with `source scripts/services.sh` (or run ./test.sh).";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task PostgresAnswersAsync(string connectionString, string source)
    {
        string where;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            where = $"{builder.Host}:{builder.Port}, database {builder.Database}, user {builder.Username}";
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"PostgreSQL from {source}: not a valid Npgsql connection string ({e.Message}).", e);
        }

        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var probe = new NpgsqlCommand("SELECT 1", connection);
            await probe.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL from {source} ({where}) refused the connection or did not answer: "
                + $"{e.GetBaseException().Message.TrimEnd('.')}. {StartLocalServices}", e);
        }
    }

    public static Uri ParseAmqpUri(string text, string source)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps")
        {
            return uri;
        }

        throw new InvalidOperationException(
            $"RabbitMQ from {source}: '{text}' is not an AMQP URI such as amqp://guest:guest@127.0.0.1:5672/.");
    }

    public static async Task RabbitMqAnswersAsync(Uri uri, string source)
    {
        // A real AMQP handshake, so wrong credentials or a missing vhost show up here too.
        var factory = new ConnectionFactory
        {
            Uri = uri,
            RequestedConnectionTimeout = Timeout,
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "tchek-integration-tests-check",
        };
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await using var connection = await factory.CreateConnectionAsync(timeout.Token);
            await connection.CloseAsync(timeout.Token);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or OperationCanceledException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"RabbitMQ from {source} ({uri.GetComponents(UriComponents.HostAndPort, UriFormat.Unescaped)}) refused the "
                + $"connection or did not answer: {e.GetBaseException().Message.TrimEnd('.')}. {StartLocalServices}", e);
        }
    }
}
