using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tchek.Events.ServiceDefaults;

/// <summary>
/// Section <c>RabbitMq</c>: the TLS trust and identity for an <c>amqps://</c> connection string.
/// Without any of them, the server certificate is checked against the system's trusted roots.
/// An <c>amqp://</c> one is warned about at start outside Development, unless allowed.
/// </summary>
internal sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>A PEM file of the CA certificate(s) the broker's certificate must chain to, instead of the system store (amqps only).</summary>
    public string? CaCertificate { get; set; }

    /// <summary>A PEM file of the client certificate to present (with <see cref="ClientKey"/>), for brokers that ask for one (amqps only).</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>The unencrypted PEM private key (PKCS#8 or PKCS#1) of <see cref="ClientCertificate"/>; given with it.</summary>
    public string? ClientKey { get; set; }

    /// <summary>
    /// Outside Development, an <c>amqp://</c> connection string (no TLS) to a host that is not loopback logs a
    /// warning at start; true silences it, for a network you trust.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>The trusted CA certificates, or <c>null</c> when the system store decides.</summary>
    public X509Certificate2Collection? LoadCaCertificates()
    {
        if (string.IsNullOrWhiteSpace(CaCertificate))
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(CaCertificate);
        return certificates.Count > 0
            ? certificates
            : throw new CryptographicException("it holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)");
    }

    /// <summary>The client certificate with its private key, or <c>null</c> when none is configured.</summary>
    public X509Certificate2? LoadClientCertificate()
    {
        if (string.IsNullOrWhiteSpace(ClientCertificate) || string.IsNullOrWhiteSpace(ClientKey))
        {
            return null;
        }

        using var pem = X509Certificate2.CreateFromPemFile(ClientCertificate, ClientKey);
        // Through PKCS#12: on Windows, SslStream cannot use a key that lives only in memory.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
