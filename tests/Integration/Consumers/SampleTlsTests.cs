using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Tchek.Events.Contracts;
using Tchek.Events.IntegrationTests.Deployment;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Permissions;
using Tchek.Events.StatusPoller.Messaging;
using Tchek.Events.StatusPoller.Operations.Subscribers;

namespace Tchek.Events.IntegrationTests.Consumers;

/// <summary>
/// The sample consumers (the real program, as a process) read amqps:// and <c>RabbitMq:CaCertificate</c>
/// as the poller does, and receive over TLS, in a vhost of their own (their queues are durable).
/// </summary>
[Collection("services")]
public sealed class SampleTlsTests(ServicesFixture services)
{
    [Fact]
    public async Task The_sample_consumers_connect_over_amqps_with_the_brokers_ca_and_receive_events()
    {
        var tls = await services.RabbitMqTlsAsync();
        await using var parties = await BrokerParties.CreateAsync(services);
        // The event exchanges, as the poller declares them; then the sample's queues bound, as compose's one-shot step does.
        await using var publisher = await TestBus.StartAsync(parties.AdminUri, rabbit => rabbit.DeployEventExchanges());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(parties.ManagementSettings).Build();
        Assert.Equal(0, await SubscribersCommand.RunAsync([.. DeploymentFiles.ComposeCommand("samples-queues").Skip(1)], configuration, TextWriter.Null, TextWriter.Null));
        var output = new ConcurrentQueue<string>();
        using var sample = StartSample(new Dictionary<string, string>
        {
            ["ConnectionStrings__RabbitMq"] = new UriBuilder(tls.Uri) { Path = parties.AdminUri.AbsolutePath }.Uri.ToString(),
            ["RabbitMq__CaCertificate"] = tls.CaCertificate,
            ["ConnectionStrings__Sample"] = await services.CreateDatabaseAsync("sample_tls"),
        }, output);
        try
        {
            var uid = "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            // Published until the sample's queues exist and it prints the event (its log line names the token).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            for (var sequence = 1L; !output.Any(line => line.Contains($"{uid} #{sequence - 1}", StringComparison.Ordinal)); sequence++)
            {
                Assert.False(sample.HasExited, "the sample exited:\n" + string.Join('\n', output));
                Assert.True(DateTime.UtcNow < deadline, "the sample printed no event within 60 s:\n" + string.Join('\n', output.TakeLast(30)));
                var id = TokenEventIds.For(uid, sequence);
                var evt = new InspectionStarted { EventId = id, TokenUid = uid, Sequence = sequence, Status = 1, OccurredAt = DateTimeOffset.UtcNow, ObservedAt = DateTimeOffset.UtcNow };
                await publisher.Bus.Publish(evt, context => context.MessageId = id);
                await Task.Delay(1000);
            }
        }
        finally
        {
            sample.Kill(entireProcessTree: true);
            await sample.WaitForExitAsync();
        }
    }

    private static Process StartSample(Dictionary<string, string> environment, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet", [AppProcess.Dll("Consumers.Sample")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not start the sample consumers");
        process.OutputDataReceived += (_, e) => Enqueue(e.Data);
        process.ErrorDataReceived += (_, e) => Enqueue(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Enqueue(string? line)
        {
            if (line is not null)
            {
                output.Enqueue(line);
            }
        }
    }
}
