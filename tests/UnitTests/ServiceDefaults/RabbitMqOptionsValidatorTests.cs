using Microsoft.Extensions.Configuration;
using Tchek.Events.ServiceDefaults;

namespace Tchek.Events.UnitTests.ServiceDefaults;

/// <summary>Section <c>RabbitMq</c> at start: the PEM files exist and parse, and they come with amqps://.</summary>
public sealed class RabbitMqOptionsValidatorTests : IDisposable
{
    private const string Amqps = "amqps://poller:s3cret-pw@broker.example.com/";
    private readonly TestPki _pki = new();

    [Fact]
    public void Amqps_with_a_readable_ca_and_client_pair_is_valid()
    {
        using var ca = TestPki.CreateCa("CA");
        using var client = TestPki.Issue(ca, "poller", server: false);
        var options = new RabbitMqOptions
        {
            CaCertificate = _pki.CertificateFile(ca, "ca.pem"),
            ClientCertificate = _pki.CertificateFile(client, "client.pem"),
            ClientKey = _pki.KeyFile(client, "client.key"),
        };

        Assert.Empty(Failures(Amqps, options));
        Assert.Empty(Failures(Amqps, new RabbitMqOptions()));
        Assert.Empty(Failures("amqp://guest:guest@localhost/", new RabbitMqOptions()));
    }

    [Fact]
    public void A_ca_file_that_does_not_exist_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tchek-no-such-ca.pem");

        var failure = Assert.Single(Failures(Amqps, new RabbitMqOptions { CaCertificate = missing }));

        Assert.Equal($"RabbitMq:CaCertificate: the file {missing} does not exist (working directory: {Environment.CurrentDirectory}).", failure);
    }

    [Theory]
    [InlineData("not a certificate at all")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nbm90IGRlcg==\n-----END PRIVATE KEY-----\n")]
    public void A_ca_file_that_is_not_a_pem_certificate_is_refused(string content)
    {
        var path = _pki.Write("ca.pem", content);

        var failure = Assert.Single(Failures(Amqps, new RabbitMqOptions { CaCertificate = path }));

        Assert.StartsWith($"RabbitMq:CaCertificate ({path}) cannot be read as PEM: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_certificate_needs_its_key_and_the_key_must_match()
    {
        using var ca = TestPki.CreateCa("CA");
        using var client = TestPki.Issue(ca, "poller", server: false);
        using var stranger = TestPki.Issue(ca, "stranger", server: false);
        var certificate = _pki.CertificateFile(client, "client.pem");

        var alone = Assert.Single(Failures(Amqps, new RabbitMqOptions { ClientCertificate = certificate }));
        var mismatched = Assert.Single(Failures(Amqps, new RabbitMqOptions { ClientCertificate = certificate, ClientKey = _pki.KeyFile(stranger, "stranger.key") }));

        Assert.Equal("RabbitMq:ClientCertificate and RabbitMq:ClientKey go together: set both or neither.", alone);
        Assert.StartsWith($"RabbitMq:ClientCertificate ({certificate}) with RabbitMq:ClientKey (", mismatched, StringComparison.Ordinal);
        Assert.Contains("cannot be read as PEM", mismatched, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_settings_with_a_plain_amqp_connection_string_are_refused_not_ignored()
    {
        using var ca = TestPki.CreateCa("CA");

        var failure = Assert.Single(Failures("amqp://poller:s3cret-pw@broker/", new RabbitMqOptions { CaCertificate = _pki.CertificateFile(ca, "ca.pem") }));

        Assert.Contains("is not amqps://", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_connection_string_is_reported_at_start_with_its_password_masked()
    {
        var failure = Assert.Single(Failures("https://poller:s3cret-pw@broker/", new RabbitMqOptions()));

        Assert.Contains("ConnectionStrings:RabbitMq must be an AMQP URI", failure, StringComparison.Ordinal);
        Assert.Contains("https://poller:***@broker/", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", failure, StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();

    private static IEnumerable<string> Failures(string connectionString, RabbitMqOptions options)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = connectionString })
            .Build();
        var result = new RabbitMqOptionsValidator(configuration).Validate(null, options);
        return result.Failed ? result.Failures : [];
    }
}
