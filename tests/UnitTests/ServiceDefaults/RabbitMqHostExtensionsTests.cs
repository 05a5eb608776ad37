using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tchek.Events.ServiceDefaults;

namespace Tchek.Events.UnitTests.ServiceDefaults;

/// <summary><c>UsingTchekRabbitMq</c>: the bus's host comes from configuration, which is checked at start. No broker is needed.</summary>
public sealed class RabbitMqHostExtensionsTests
{
    [Fact]
    public async Task A_bad_connection_string_fails_the_start_not_the_first_publish()
    {
        await using var services = Services("amqp://guest:guest@localhost:5671/");

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ConnectionStrings:RabbitMq must be an AMQP URI", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amqp://poller:pw@broker.example.com:5673/prod", "rabbitmq://broker.example.com:5673/prod/")]
    [InlineData("amqps://poller:pw@broker.example.com/prod", "rabbitmqs://broker.example.com/prod/")]
    public async Task The_bus_connects_where_the_connection_string_says(string connectionString, string busAddressPrefix)
    {
        // MassTransit's services dispose only asynchronously.
        await using var services = Services(connectionString);
        services.GetRequiredService<IStartupValidator>().Validate();

        var bus = services.GetRequiredService<IBus>();

        Assert.StartsWith(busAddressPrefix, bus.Address.ToString(), StringComparison.Ordinal);
    }

    private static ServiceProvider Services(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = connectionString })
            .Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddMassTransit(bus => bus.UsingTchekRabbitMq((context, rabbit) => rabbit.ConfigureEndpoints(context)))
            .BuildServiceProvider();
    }
}
