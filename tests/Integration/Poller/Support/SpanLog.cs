using System.Collections;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>
/// The spans an in-memory exporter collected, safe to read while it adds more. Apps in one process
/// share ActivitySources by name, so a test reads only its own trace (by uid, then by trace id).
/// </summary>
public sealed class SpanLog : ICollection<Activity>
{
    private readonly Lock _lock = new();
    private readonly List<Activity> _spans = [];

    /// <summary>
    /// Makes a poller host record its spans into this log: a tracer provider with the in-memory
    /// exporter, tracing what the poller configures to trace (as the OTLP exporter would).
    /// </summary>
    public void RecordFrom(IWebHostBuilder web) =>
        web.ConfigureTestServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(this)));

    /// <summary>A tracer provider of the test's own, outside any poller: MassTransit's spans in the test process (its consumers).</summary>
    public TracerProvider ListenToMassTransit() => Sdk.CreateTracerProviderBuilder()
        .AddSource("MassTransit")
        .SetSampler(new AlwaysOnSampler())
        .AddInMemoryExporter(this)
        .Build();

    public IReadOnlyList<Activity> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _spans];
            }
        }
    }

    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. All.Where(s => s.TraceId == traceId)];

    public void Add(Activity item)
    {
        lock (_lock)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public int Count => All.Count;

    public bool IsReadOnly => false;

    public bool Contains(Activity item) => All.Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => All.ToList().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => All.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
