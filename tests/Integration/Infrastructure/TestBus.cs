using MassTransit;

namespace Tchek.Events.IntegrationTests.Infrastructure;

/// <summary>A started MassTransit bus on the test broker, stopped on dispose.</summary>
internal sealed class TestBus(IBusControl control) : IAsyncDisposable
{
    private static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(30);

    public IBus Bus => control;

    /// <summary>Creates and starts a bus; it returns once its receive endpoints are bound and ready.</summary>
    public static async Task<TestBus> StartAsync(Uri rabbitMqUri, Action<IRabbitMqBusFactoryConfigurator> configure)
    {
        var control = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMqUri);
            configure(cfg);
        });
        using var timeout = new CancellationTokenSource(StartStopTimeout);
        await control.StartAsync(timeout.Token);
        return new TestBus(control);
    }

    /// <summary>A queue name no other test or test run uses.</summary>
    public static string UniqueQueueName(string purpose) => $"tchek-test-{purpose}-{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(StartStopTimeout);
        await control.StopAsync(timeout.Token);
    }
}
