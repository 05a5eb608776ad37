using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.OperatorConsole.Overview;
using Tchek.Events.StatusPoller.Poll;
using Tchek.Events.StatusPoller.Telemetry;

namespace Tchek.Events.Benchmarks;

/// <summary>
/// The per-poll work of the parts too small for the poller bench to see (its figures move by a few µs between runs):
/// the upstream-health window every poll feeds, and the console's counters heard on the poll counter. Each is switched
/// on and off in the same run (./bench.sh --micro).
/// </summary>
[MemoryDiagnoser]
public class PerPollPartsBenchmarks
{
    private ServiceProvider _alone = null!;
    private ServiceProvider _heard = null!;
    private PollerCounters _counters = null!;
    private UpstreamWindow _window = null!;
    private PollerMetrics _pollsAlone = null!;
    private PollerMetrics _pollsHeard = null!;

    [GlobalSetup]
    public void Setup()
    {
        _window = new UpstreamWindow(TimeProvider.System, new UpstreamGate(TimeProvider.System), TimeSpan.FromMinutes(5));
        _alone = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _heard = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _pollsAlone = new PollerMetrics(_alone.GetRequiredService<IMeterFactory>());
        _pollsHeard = new PollerMetrics(_heard.GetRequiredService<IMeterFactory>());
        // The console's sampler reads these totals; they listen on the poll counter of their own host only.
        _counters = new PollerCounters(_heard.GetRequiredService<IMeterFactory>());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _counters.Dispose();
        _alone.Dispose();
        _heard.Dispose();
    }

    /// <summary>The poll counter with nothing listening: the cost without the console's counters.</summary>
    [Benchmark(Baseline = true)]
    public void PollCounted() => _pollsAlone.Polled(PollOutcome.Unchanged);

    /// <summary>The poll counter heard by the console's counters (the overview sampler's source).</summary>
    [Benchmark]
    public void PollCountedAndHeardByTheConsole() => _pollsHeard.Polled(PollOutcome.Unchanged);

    /// <summary>One poll recorded in the upstream-health window.</summary>
    [Benchmark]
    public void PollRecordedInTheUpstreamWindow() => _window.Record(PollOutcome.Unchanged);
}
