using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Tchek.Events.ServiceDefaults;
using Tchek.Events.StatusPoller.Persistence;
using Tchek.Events.StatusPoller.Telemetry;

namespace Tchek.Events.UnitTests.StatusPoller.Telemetry;

/// <summary>What tracing costs when it is off, and how a span context is stored with an event.</summary>
public sealed class TracingTests
{
    [Fact]
    public void With_no_otlp_endpoint_the_pollers_spans_are_never_started_and_cost_no_allocation()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddTelemetry(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        Assert.Null(services.GetService<TracerProvider>());
        var claimed = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        PollerTracing.StartPoll("T0000", claimed)?.Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var claim = PollerTracing.StartClaim(200);
        var poll = PollerTracing.StartPoll("T0000", claimed);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(claim);
        Assert.Null(poll);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void With_an_otlp_endpoint_the_pollers_spans_are_recorded()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddTelemetry(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OpenTelemetryExtensions.OtlpEndpoint] = "http://127.0.0.1:9" }).Build())
            .BuildServiceProvider();
        Assert.NotNull(services.GetRequiredService<TracerProvider>());

        using var poll = PollerTracing.StartPoll("T0000", default);

        Assert.NotNull(poll);
        Assert.True(poll.Recorded);
        Assert.Equal("T0000", poll.GetTagItem(PollerTracing.Tag.TokenUid));
    }

    [Fact]
    public void The_current_span_is_stored_only_when_someone_collects_its_trace()
    {
        using (var unheard = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").Start())
        {
            Assert.Equal(default, TraceContext.Current());
        }

        using var source = new ActivitySource("Tchek.Events.Tests." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var heard = source.StartActivity("request")!;

        Assert.Equal(heard.Context, TraceContext.Current());
    }

    [Fact]
    public void A_stored_context_reads_back_as_the_same_remote_parent()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "vendor=abc");

        var stored = TraceContext.TraceParent(context);
        var read = TraceContext.Parse(stored, TraceContext.TraceState(context));

        Assert.Equal($"00-{context.TraceId}-{context.SpanId}-01", stored);
        Assert.Equal((context.TraceId, context.SpanId, context.TraceFlags, "vendor=abc"), (read.TraceId, read.SpanId, read.TraceFlags, read.TraceState));
        Assert.True(read.IsRemote);
    }

    [Fact]
    public void No_context_is_stored_as_none_and_an_unreadable_one_reads_as_none()
    {
        Assert.Null(TraceContext.TraceParent(default));
        Assert.Equal(default, TraceContext.Parse(null, null));
        Assert.Equal(default, TraceContext.Parse("not a traceparent", null));
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        Assert.EndsWith("-00", TraceContext.TraceParent(unsampled), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tracestate_longer_than_the_column_is_dropped_rather_than_failing_the_write()
    {
        var id = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        var fits = new ActivityContext(id.Item1, id.Item2, ActivityTraceFlags.Recorded, new string('a', StoredEvent.MaxTraceState));
        var tooLong = new ActivityContext(id.Item1, id.Item2, ActivityTraceFlags.Recorded, new string('a', StoredEvent.MaxTraceState + 1));

        Assert.Equal(StoredEvent.MaxTraceState, TraceContext.TraceState(fits)?.Length);
        Assert.Null(TraceContext.TraceState(tooLong));
        Assert.NotNull(TraceContext.TraceParent(tooLong));
    }
}
