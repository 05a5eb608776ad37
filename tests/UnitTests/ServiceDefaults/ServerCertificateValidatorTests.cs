using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Tchek.Events.ServiceDefaults;

namespace Tchek.Events.UnitTests.ServiceDefaults;

/// <summary>The broker's certificate, judged in real TLS handshakes: the configured CA, the host name, the system store.</summary>
public sealed class ServerCertificateValidatorTests : IDisposable
{
    private readonly X509Certificate2 _ca = TestPki.CreateCa("Tchek test broker CA");
    private readonly X509Certificate2 _otherCa = TestPki.CreateCa("Some other CA");
    private readonly X509Certificate2 _server;
    private readonly RecordingLogger _log = new();

    public ServerCertificateValidatorTests() => _server = TestPki.Issue(_ca, "localhost", server: true, "localhost", "127.0.0.1");

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task A_certificate_from_the_configured_ca_for_the_host_is_trusted(string host)
    {
        var validator = new ServerCertificateValidator(host, [_ca], _log);

        var (accepted, _) = await TlsHandshake.RunAsync(_server, host, validator.Validate);

        Assert.True(accepted, string.Join('\n', _log.Errors));
        Assert.Empty(_log.Errors);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused_saying_so()
    {
        var validator = new ServerCertificateValidator("localhost", [_otherCa], _log);

        var (accepted, _) = await TlsHandshake.RunAsync(_server, "localhost", validator.Validate);

        Assert.False(accepted);
        var error = Assert.Single(_log.Errors);
        Assert.StartsWith("RabbitMQ TLS: the server certificate for host localhost (subject CN=localhost, issuer CN=Tchek test broker CA", error, StringComparison.Ordinal);
        Assert.Contains("is not trusted by RabbitMq:CaCertificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_the_certificate_does_not_list_is_refused_even_from_the_trusted_ca()
    {
        var other = TestPki.Issue(_ca, "other.example", server: true, "other.example");
        var validator = new ServerCertificateValidator("localhost", [_ca], _log);

        var (accepted, _) = await TlsHandshake.RunAsync(other, "localhost", validator.Validate);

        Assert.False(accepted);
        Assert.Contains("(subject CN=other.example, issuer CN=Tchek test broker CA", Assert.Single(_log.Errors), StringComparison.Ordinal);
        Assert.Contains("is not issued for host localhost", _log.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_ca_the_system_store_decides_and_a_private_ca_is_refused()
    {
        var validator = new ServerCertificateValidator("localhost", trustedRoots: null, _log);

        var (accepted, _) = await TlsHandshake.RunAsync(_server, "localhost", validator.Validate);

        Assert.False(accepted);
        var error = Assert.Single(_log.Errors);
        Assert.Contains("is not trusted by the system certificate store", error, StringComparison.Ordinal);
        Assert.Contains("set RabbitMq:CaCertificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_signed_by_the_ca_but_issued_to_a_client_is_not_a_server_certificate()
    {
        // A CA-signed certificate whose extended key usage is client authentication only.
        var clientOnly = TestPki.Issue(_ca, "localhost", server: false, "localhost");
        var validator = new ServerCertificateValidator("localhost", [_ca], _log);

        var (accepted, _) = await TlsHandshake.RunAsync(clientOnly, "localhost", validator.Validate);

        Assert.False(accepted);
        Assert.Single(_log.Errors);
    }

    [Fact]
    public async Task The_same_refusal_is_logged_once_and_again_after_a_success()
    {
        var other = TestPki.Issue(_ca, "other.example", server: true, "other.example");
        var validator = new ServerCertificateValidator("localhost", [_ca], _log);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.False((await TlsHandshake.RunAsync(other, "localhost", validator.Validate)).Accepted);
        }

        Assert.Single(_log.Errors);
        Assert.True((await TlsHandshake.RunAsync(_server, "localhost", validator.Validate)).Accepted);
        Assert.False((await TlsHandshake.RunAsync(other, "localhost", validator.Validate)).Accepted);

        Assert.Equal(2, _log.Errors.Count);
    }

    [Fact]
    public async Task The_client_certificate_from_pem_files_is_presented_to_the_server()
    {
        using var pki = new TestPki();
        var client = TestPki.Issue(_ca, "tchek-poller", server: false);
        var options = new RabbitMqOptions
        {
            ClientCertificate = pki.CertificateFile(client, "client.pem"),
            ClientKey = pki.KeyFile(client, "client.key"),
        };
        using var loaded = options.LoadClientCertificate();
        var validator = new ServerCertificateValidator("localhost", [_ca], _log);

        var (accepted, seen) = await TlsHandshake.RunAsync(_server, "localhost", validator.Validate, loaded);

        Assert.True(accepted);
        Assert.Equal("CN=tchek-poller", seen?.Subject);
        Assert.Equal(client.Thumbprint, seen?.Thumbprint);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        _server.Dispose();
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _errors = [];

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (_errors)
                {
                    _errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
