using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// Totals of <see cref="PollerMetrics"/>'s counters, heard on its meter so the overview shows what
/// <c>/metrics</c> counts with no second count in the hot path. Only this host's meter is heard.
/// </summary>
internal sealed class PollerCounters : IDisposable
{
    private const string Polls = "tchek.polls";
    private const string Events = "tchek.events.written";
    private const string Throttled = "tchek.upstream.throttled";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _pollsByOutcome = new(StringComparer.Ordinal);
    private long _events;
    private long _throttled;

    public PollerCounters(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PollerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument.Name is Polls or Events or Throttled)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public CounterTotals Read() =>
        CounterTotals.From(_pollsByOutcome.ToDictionary(StringComparer.Ordinal), Interlocked.Read(ref _events), Interlocked.Read(ref _throttled));

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case Polls:
                // Once per poll: the static overload captures nothing, so it allocates no closure.
                _pollsByOutcome.AddOrUpdate(Outcome(tags), static (_, added) => added, static (_, total, added) => total + added, value);
                break;
            case Events:
                Interlocked.Add(ref _events, value);
                break;
            case Throttled:
                Interlocked.Add(ref _throttled, value);
                break;
        }
    }

    private static string Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "outcome")
            {
                return tag.Value as string ?? "";
            }
        }

        return "";
    }

    public void Dispose() => _listener.Dispose();
}
