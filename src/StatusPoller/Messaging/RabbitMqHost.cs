using System.Net.Security;
using System.Security.Authentication;
using MassTransit;
using Microsoft.Extensions.Options;

// Shared by source with src/Consumers.Sample (a linked file): base library, Microsoft.Extensions and MassTransit only.
namespace Tchek.Events.StatusPoller.Messaging;

/// <summary>The broker connection from <c>ConnectionStrings:RabbitMq</c> and section <c>RabbitMq</c>, TLS included.</summary>
internal static class RabbitMqHost
{
    /// <summary>Binds section <c>RabbitMq</c> and validates it, with the connection string, at start.</summary>
    public static IServiceCollection AddRabbitMqOptions(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>();
        return services;
    }

    /// <summary>
    /// The host and credentials; for <c>amqps://</c>, TLS 1.2 or 1.3 with the server certificate
    /// validated by <see cref="ServerCertificateValidator"/> and the optional client certificate.
    /// </summary>
    public static void ConfigureHost(this IRabbitMqBusFactoryConfigurator rabbit, IServiceProvider services)
    {
        var broker = RabbitMqAddress.Parse(services.GetRequiredService<IConfiguration>().GetConnectionString("RabbitMq"));
        var options = services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
        rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
        {
            host.Username(broker.Username);
            host.Password(broker.Password);
            if (!broker.UseTls)
            {
                return;
            }

            var validator = new ServerCertificateValidator(
                broker.Host, options.LoadCaCertificates(), services.GetRequiredService<ILogger<ServerCertificateValidator>>());
            host.UseSsl(ssl =>
            {
                ssl.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
                ssl.ServerName = broker.Host;
                // MassTransit accepts an untrusted chain by default; the callback decides, and nothing is waived.
                ssl.EnforcePolicyErrors(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch
                    | SslPolicyErrors.RemoteCertificateNotAvailable);
                ssl.CertificateValidationCallback = validator.Validate;
                if (options.LoadClientCertificate() is { } clientCertificate)
                {
                    ssl.Certificate = clientCertificate;
                }
            });
        });
    }
}
