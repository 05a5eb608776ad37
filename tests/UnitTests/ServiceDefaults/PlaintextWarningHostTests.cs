using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tchek.Events.ServiceDefaults;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.UnitTests.ServiceDefaults;

/// <summary>
/// The plaintext warnings as the hosts register them (the poller's AddPersistence, and UsingTchekRabbitMq, which the
/// poller and the sample consumers share), started as the host starts its hosted services, in a given environment.
/// Nothing connects: the bus's own hosted service is not started, and the warnings only read configuration.
/// </summary>
public sealed class PlaintextWarningHostTests
{
    private const string Password = "s3cret-never-logged";

    private static readonly Dictionary<string, string?> Plaintext = new()
    {
        ["ConnectionStrings:Postgres"] = $"Host=db.internal.example;Username=tchek_poller;Password={Password};Database=tchek_events",
        ["ConnectionStrings:RabbitMq"] = $"amqp://tchek-poller:{Password}@rabbitmq.internal.example:5672/",
    };

    [Fact]
    public async Task In_production_plaintext_connections_are_warned_about_naming_the_option_and_never_the_password()
    {
        var lines = await StartAsync("Production", Plaintext);

        Assert.Contains(lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("ConnectionStrings:RabbitMq is amqp:// to rabbitmq.internal.example:5672", StringComparison.Ordinal)
            && l.Contains("RabbitMq:AllowPlaintext=true", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("ConnectionStrings:Postgres has SSL Mode=Prefer", StringComparison.Ordinal)
            && l.Contains("Database:AllowPlaintext=true", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Silenced_each_warning_goes_and_only_that_one()
    {
        var broker = await StartAsync("Production", new(Plaintext) { ["RabbitMq:AllowPlaintext"] = "true" });
        var database = await StartAsync("Production", new(Plaintext) { ["Database:AllowPlaintext"] = "true" });

        Assert.DoesNotContain(broker, l => l.Contains("ConnectionStrings:RabbitMq is amqp://", StringComparison.Ordinal));
        Assert.Contains(broker, l => l.Contains("ConnectionStrings:Postgres has SSL Mode", StringComparison.Ordinal));
        Assert.DoesNotContain(database, l => l.Contains("ConnectionStrings:Postgres has SSL Mode", StringComparison.Ordinal));
        Assert.Contains(database, l => l.Contains("ConnectionStrings:RabbitMq is amqp://", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_development_with_tls_or_on_loopback_nothing_is_warned_about()
    {
        var development = await StartAsync("Development", Plaintext);
        var tls = await StartAsync("Production", new()
        {
            ["ConnectionStrings:Postgres"] = $"Host=db.internal.example;Username=u;Password={Password};SSL Mode=VerifyFull",
            ["ConnectionStrings:RabbitMq"] = $"amqps://u:{Password}@rabbitmq.internal.example/",
        });
        var loopback = await StartAsync("Production", new()
        {
            ["ConnectionStrings:Postgres"] = $"Host=127.0.0.1;Username=u;Password={Password}",
            ["ConnectionStrings:RabbitMq"] = $"amqp://u:{Password}@localhost:5672/",
        });

        Assert.All(new[] { development, tls, loopback }, lines => Assert.DoesNotContain(lines, l => l.StartsWith("Warning", StringComparison.Ordinal)));
    }

    private static async Task<IReadOnlyList<string>> StartAsync(string environment, Dictionary<string, string?> settings)
    {
        var log = new Capture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(log);
        builder.Services.AddPersistence().AddMassTransit(bus => bus.UsingTchekRabbitMq((context, rabbit) => rabbit.ConfigureEndpoints(context)));
        using var host = builder.Build();

        var warnings = host.Services.GetServices<IHostedService>().Where(s => s.GetType().Name.StartsWith("Plaintext", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        foreach (var warning in warnings)
        {
            await warning.StartAsync(CancellationToken.None);
        }

        return log.Lines;
    }

    private sealed class Capture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {formatter(state, exception)}");
        }
    }
}
