using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
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

    /// <summary>True when the management API at <paramref name="api"/> (credentials in the URI) answers its overview.</summary>
    public static async Task<bool> ManagementAnswersAsync(Uri api)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(api) { UserName = "", Password = "", Path = "/api/overview" }.Uri);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(api.UserInfo))));
        try
        {
            return (await client.SendAsync(request)).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
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

    /// <summary>A TLS handshake with the listener, its certificate checked against the CA and the URI's host.</summary>
    public static async Task RabbitMqTlsAnswersAsync(RabbitMqTlsListener listener, string source, string howToGetOne)
    {
        var where = $"{listener.Uri.Host}:{listener.Uri.Port}";
        SslPolicyErrors? refused = null;
        try
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.ImportFromPemFile(listener.CaCertificate);
            using var timeout = new CancellationTokenSource(Timeout);
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(listener.Uri.Host, listener.Uri.Port, timeout.Token);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = listener.Uri.Host,
                CertificateChainPolicy = policy,
                RemoteCertificateValidationCallback = (_, _, _, errors) => (refused = errors) == SslPolicyErrors.None,
            }, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
            or System.Security.Cryptography.CryptographicException or OperationCanceledException)
        {
            var reason = refused is { } errors && errors != SslPolicyErrors.None
                ? $"its certificate does not pass with the CA {listener.CaCertificate} ({errors})"
                : e.GetBaseException().Message.TrimEnd('.');
            throw new InvalidOperationException($"No usable RabbitMQ TLS listener from {source} at {where}: {reason}. {howToGetOne}", e);
        }
    }
}
