using System.Net.Security;
using System.Security.Authentication;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tchek.Events.ServiceDefaults;

/// <summary>The broker connection from <c>ConnectionStrings:RabbitMq</c> and section <c>RabbitMq</c>, TLS included.</summary>
public static class RabbitMqHostExtensions
{
    /// <summary>
    /// MassTransit's RabbitMQ transport on the broker <c>ConnectionStrings:RabbitMq</c> names (or the cluster's nodes), with
    /// the settings of section <c>RabbitMq</c>, both validated at start; the queues of the endpoints that
    /// <c>ConfigureEndpoints</c> adds are declared as <see cref="DurableQueues"/> says. <paramref name="configure"/> adds the
    /// endpoints and topology.
    /// </summary>
    /// <param name="bus">The configurator given to <c>AddMassTransit</c>.</param>
    /// <param name="configure">What the host adds on top of the connection, such as <c>ConfigureEndpoints</c>.</param>
    public static void UsingTchekRabbitMq(
        this IBusRegistrationConfigurator bus, Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        IServiceCollection services = bus;
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PlaintextBrokerWarning>());
        bus.AddConfigureEndpointsCallback((context, queue, endpoint) =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                DurableQueues.Configure(rabbit, queue, context.GetRequiredService<IOptions<RabbitMqOptions>>().Value);
            }
        });
        bus.UsingRabbitMq((context, rabbit) =>
        {
            rabbit.ConfigureHost(context);
            configure(context, rabbit);
        });
    }

    /// <summary>
    /// The host (or the cluster's nodes) and credentials; for <c>amqps://</c>, TLS 1.2 or 1.3 with the server certificate
    /// validated by <see cref="ServerCertificateValidator"/> and the optional client certificate.
    /// </summary>
    private static void ConfigureHost(this IRabbitMqBusFactoryConfigurator rabbit, IServiceProvider services)
    {
        var broker = RabbitMqAddress.Parse(services.GetRequiredService<IConfiguration>().GetConnectionString("RabbitMq"));
        var options = services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
        rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
        {
            host.Username(broker.Username);
            host.Password(broker.Password);
            if (broker.ClusterNodes(options.ClusterNodes) is { Count: > 0 } nodes)
            {
                // MassTransit connects to the next node each time a connection is lost or refused.
                host.UseCluster(cluster =>
                {
                    foreach (var node in nodes)
                    {
                        cluster.Node(node);
                    }
                });
            }

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
