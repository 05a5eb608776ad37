using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Tchek.Events.UnitTests.ServiceDefaults;

/// <summary>
/// A real TLS handshake over loopback TCP: a server presenting <c>serverCertificate</c>, a client
/// connecting as <c>targetHost</c> and deciding with <c>validate</c>, as RabbitMQ.Client's SslStream does.
/// </summary>
internal static class TlsHandshake
{
    /// <summary>Whether the client accepted the server, and the client certificate the server received.</summary>
    public static async Task<(bool Accepted, X509Certificate2? ClientSeen)> RunAsync(
        X509Certificate2 serverCertificate, string targetHost, RemoteCertificateValidationCallback validate, X509Certificate2? clientCertificate = null)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        X509Certificate2? clientSeen = null;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(timeout.Token);
            await using var tls = new SslStream(socket.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateRequired = clientCertificate is not null,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, timeout.Token);
                // TLS 1.3 sends the client certificate with the client's first flight: read to see it.
                _ = await tls.ReadAsync(new byte[1], timeout.Token);
                clientSeen = tls.RemoteCertificate is { } seen ? X509CertificateLoader.LoadCertificate(seen.GetRawCertData()) : null;
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                // The client refused the server: the handshake ends here.
            }
        }, timeout.Token);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
        await using var clientTls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, validate);
        var accepted = true;
        try
        {
            await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            }, timeout.Token);
            await clientTls.WriteAsync(new byte[] { 1 }, timeout.Token);
        }
        catch (AuthenticationException)
        {
            accepted = false;
        }

        clientTls.Close();
        await server;
        return (accepted, clientSeen);
    }
}
