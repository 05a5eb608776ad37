using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The poller over amqps:// to the broker's TLS listener (scripts/services.sh or the container make
/// one, with a CA generated at test time): trusted through <c>RabbitMq:CaCertificate</c>, it
/// publishes; given another CA, it says why in its log and never becomes ready.
/// </summary>
[Collection("services")]
public sealed class TlsTests(ServicesFixture services) : PollerTestBase(services)
{
    private const string BrokerPassword = "tls-Secr3t-9d41e7";

    [Fact]
    public async Task Over_amqps_with_the_brokers_ca_the_poller_publishes_and_a_consumer_receives_the_event()
    {
        var tls = await Services.RabbitMqTlsAsync();
        var app = Own(new PollerApp(Settings(new Dictionary<string, string?>
        {
            // The class's own vhost, where the sink listens.
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(tls.Uri) { Path = RabbitMqUri.AbsolutePath }.Uri.ToString(),
            ["RabbitMq:CaCertificate"] = tls.CaCertificate,
        })).Started());
        using var api = app.CreateApiClient();
        var uid = NewUid();
        Vendor.Set(uid, 1);

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/tokens", new { uid })).StatusCode);

        // The sink listens on the same broker's plain port: the poller's only connection is amqps.
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid), TimeSpan.FromSeconds(30), "the token's first event, published over TLS");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task With_another_ca_the_poller_logs_the_untrusted_certificate_once_and_stays_unready()
    {
        var tls = await Services.RabbitMqTlsAsync();
        var wrongCaDirectory = Directory.CreateTempSubdirectory("tchek-wrong-ca-");
        try
        {
            var wrongCa = TestCertificates.WriteCa(wrongCaDirectory.FullName, "wrong-ca", out var ca);
            ca.Dispose();
            // TLS fails before the broker checks a password, so any password will do, and none may be logged.
            var withPassword = new UriBuilder(tls.Uri) { Password = BrokerPassword }.Uri;
            var capture = new LogCapture();
            var app = Own(new PollerApp(
                Settings(new Dictionary<string, string?>
                {
                    ["ConnectionStrings:RabbitMq"] = withPassword.ToString(),
                    ["RabbitMq:CaCertificate"] = wrongCa,
                    ["Logging:LogLevel:Default"] = "Debug",
                }),
                web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(capture)))).Started());
            using var client = app.CreateClient();
            var expected = $"RabbitMQ TLS: the server certificate for host {tls.Uri.Host} (";
            static bool IsRefusal(string line, string expected) => line.StartsWith("Error ", StringComparison.Ordinal) && line.Contains(expected, StringComparison.Ordinal);

            await EventuallyAsync(() => capture.Lines.Any(l => IsRefusal(l, expected)), "the log line saying the broker's certificate is not trusted");

            // Ready means the bus is connected: it must not become so while MassTransit retries.
            var readiness = new List<HttpStatusCode>();
            for (var deadline = DateTime.UtcNow.AddSeconds(8); DateTime.UtcNow < deadline; await Task.Delay(250))
            {
                readiness.Add((await client.GetAsync("/health/ready")).StatusCode);
            }

            Assert.All(readiness, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
            var refusal = Assert.Single(capture.Lines, l => IsRefusal(l, expected));
            Assert.Contains("is not trusted by RabbitMq:CaCertificate", refusal, StringComparison.Ordinal);
            Assert.DoesNotContain(capture.Lines, l => l.Contains(BrokerPassword, StringComparison.Ordinal));
            // The retries did happen (MassTransit reports each failed connection), and were not logged again as refusals.
            Assert.True(capture.Lines.Count(l => l.Contains(tls.Uri.Host, StringComparison.Ordinal)) > 2, string.Join('\n', capture.Lines.TakeLast(20)));
        }
        finally
        {
            wrongCaDirectory.Delete(recursive: true);
        }
    }
}
