using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tchek.Events.ServiceDefaults;

/// <summary>
/// Section <c>RabbitMq</c>: the cluster's nodes, the type of the queues this host declares, and the TLS trust and
/// identity for an <c>amqps://</c> connection string. Without TLS settings, the server certificate is checked against
/// the system's trusted roots. An <c>amqp://</c> one is warned about at start outside Development, unless allowed.
/// </summary>
internal sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>The most deliveries <see cref="DeliveryLimit"/> may allow.</summary>
    public const int MaxDeliveryLimit = 1000;

    /// <summary>
    /// The nodes of a RabbitMQ cluster, comma-separated, each <c>host</c> or <c>host:port</c> (the connection string's
    /// port when omitted), e.g. <c>rabbit-0:5672,rabbit-1:5672,rabbit-2:5672</c>. The bus connects to one node and, when
    /// that connection is lost, to the next, without a restart. Empty: the connection string's host alone. The connection
    /// string still gives the scheme, the account and the virtual host; with <c>amqps://</c>, every node's certificate
    /// must be issued for the connection string's host name.
    /// </summary>
    public string? ClusterNodes { get; set; }

    /// <summary>
    /// The type of the durable queues this host declares for its consumers (and their <c>_error</c> queues):
    /// <c>Quorum</c>, replicated across the cluster's nodes, or <c>Classic</c>. A queue keeps the type it was declared
    /// with: changing it needs the queue deleted first (docs/deploying/high-availability.md).
    /// </summary>
    public BrokerQueueType QueueType { get; set; } = BrokerQueueType.Quorum;

    /// <summary>
    /// Quorum queues only: how many times the broker delivers a message that its consumer never settled (the process
    /// died, or lost its connection, while handling it) before it moves the message to the queue's <c>_error</c>
    /// queue instead of delivering it again. A consumer's own failures go there through its retries, not this.
    /// </summary>
    [Range(1, MaxDeliveryLimit)]
    public int DeliveryLimit { get; set; } = 5;

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

/// <summary>The type of a durable queue: <c>x-queue-type</c>.</summary>
public enum BrokerQueueType
{
    /// <summary>Replicated (Raft) across the cluster's nodes; survives the loss of a minority of them.</summary>
    Quorum,

    /// <summary>On one node: lost to its consumers while that node is down.</summary>
    Classic,
}
