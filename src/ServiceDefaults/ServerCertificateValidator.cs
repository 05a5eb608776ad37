using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Tchek.Events.ServiceDefaults;

/// <summary>
/// Trusts the broker's certificate when issued for <paramref name="host"/> and chaining to
/// <paramref name="trustedRoots"/> or the system's roots. Each new refusal reason is logged once, not at every
/// connection retry.
/// </summary>
internal sealed class ServerCertificateValidator(string host, X509Certificate2Collection? trustedRoots, ILogger logger)
{
    private string? _lastRefusal;

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var refusal = Refusal(certificate, chain, errors);
        if (!string.Equals(Interlocked.Exchange(ref _lastRefusal, refusal), refusal, StringComparison.Ordinal) && refusal is not null)
        {
            logger.LogError("{Refusal}", refusal);
        }

        return refusal is null;
    }

    /// <summary>Why the certificate is refused, or <c>null</c> when it is trusted.</summary>
    public string? Refusal(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return $"RabbitMQ TLS: the server at host {host} presented no certificate.";
        }

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        // The name check is SslStream's (against the host name we connect to), whoever the issuer.
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"RabbitMQ TLS: the server certificate ({Describe(server)}) is not issued for host {host}; "
                + "connect with a host name the certificate lists.";
        }

        if (trustedRoots is null)
        {
            return errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                ? $"RabbitMQ TLS: the server certificate for host {host} ({Describe(server)}) is not trusted by the system certificate store "
                    + $"({Status(chain)}); if the broker uses a private CA, set RabbitMq:CaCertificate to its PEM file."
                : null;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        // Private CAs seldom publish revocation lists; SslStream does not check them here either.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // As SslStream asks of the system chain: a certificate meant for servers (id-kp-serverAuth), not a client's.
        custom.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"));
        if (chain is not null)
        {
            // The intermediates the server sent.
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return custom.Build(server)
            ? null
            : $"RabbitMQ TLS: the server certificate for host {host} ({Describe(server)}) is not trusted by RabbitMq:CaCertificate ({Status(custom)}).";
    }

    private static string Describe(X509Certificate2 certificate) =>
        $"subject {certificate.Subject}, issuer {certificate.Issuer}, valid {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}";

    private static string Status(X509Chain? chain) => chain is null || chain.ChainStatus.Length == 0
        ? "no chain status"
        : string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct());
}
