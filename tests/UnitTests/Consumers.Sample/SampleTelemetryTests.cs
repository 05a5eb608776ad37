extern alias sample;

using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using sample::Tchek.Events.Consumers.Sample;

namespace Tchek.Events.UnitTests.Consumers.Sample;

/// <summary>The sample consumers trace MassTransit's spans only when an OTLP endpoint is set, like the poller.</summary>
public sealed class SampleTelemetryTests
{
    [Fact]
    public void With_no_otlp_endpoint_there_is_no_tracer_provider()
    {
        using var services = new ServiceCollection().AddSampleTelemetry(new ConfigurationBuilder().Build()).BuildServiceProvider();

        Assert.Null(services.GetService<TracerProvider>());
    }

    [Fact]
    public void With_an_otlp_endpoint_the_consumers_spans_are_recorded()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddSampleTelemetry(configuration).BuildServiceProvider();
        Assert.NotNull(services.GetService<TracerProvider>());

        // MassTransit's source, by its listener name.
        using var source = new ActivitySource("MassTransit");
        using var consume = source.StartActivity("tchek-crm-lead receive", ActivityKind.Consumer);

        Assert.True(consume is { Recorded: true });
    }
}
