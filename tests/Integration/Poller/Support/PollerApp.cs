using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>The real <c>Program</c> in process, configured by <see cref="PollerSettings"/>.</summary>
public sealed class PollerApp(IDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        configure?.Invoke(builder);
    }

    /// <summary>A client that sends the test API key.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", PollerSettings.ApiKey);
        return client;
    }

    private int _disposed;
    private IHost? _host;

    protected override IHost CreateHost(IHostBuilder builder) => _host = base.CreateHost(builder);

    /// <summary>
    /// Stops the host once, however often it is called. A bus stopped while it is still connecting
    /// may open its connection after the host has stopped, and keep it (a poller left running in the
    /// test process): so first give the bus a few seconds to come up, if it is going to.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_host?.Services.GetService<IBusControl>() is { } bus)
            {
                await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(10));
            }

            await base.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts the host on a real Kestrel listener (loopback, a free port): the server's own request
    /// parsing and limits apply, which the in-memory test server skips. Clients then talk HTTP to it.
    /// </summary>
    public PollerApp StartedOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return this;
    }

    /// <summary>Starts the host (migrations, poller, relay) without waiting for a first request.</summary>
    public PollerApp Started()
    {
        _ = Server;
        return this;
    }
}
