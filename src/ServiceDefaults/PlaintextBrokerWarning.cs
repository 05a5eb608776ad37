using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tchek.Events.ServiceDefaults.Rules;

namespace Tchek.Events.ServiceDefaults;

/// <summary>At start, the warning <see cref="PlaintextConnections.BrokerWarning"/> decides on, naming host and port, never the password.</summary>
internal sealed partial class PlaintextBrokerWarning(
    IConfiguration configuration, IOptions<RabbitMqOptions> options, IHostEnvironment environment, ILogger<PlaintextBrokerWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RabbitMqAddress broker;
        try
        {
            broker = RabbitMqAddress.Parse(configuration.GetConnectionString("RabbitMq"));
        }
        catch (InvalidOperationException)
        {
            // The options validator has refused it already, with the reason.
            return Task.CompletedTask;
        }

        if (PlaintextConnections.BrokerWarning(broker.Host, broker.Port, broker.UseTls, options.Value.AllowPlaintext, environment.EnvironmentName,
                $"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.AllowPlaintext)}") is { } warning)
        {
            LogPlaintext(warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "{Warning}")]
    private partial void LogPlaintext(string warning);
}
