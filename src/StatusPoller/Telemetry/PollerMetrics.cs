using System.Diagnostics.Metrics;

namespace Tchek.Events.StatusPoller.Telemetry;

/// <summary>The poller's instruments, exported for Prometheus at <c>/metrics</c>.</summary>
internal sealed class PollerMetrics
{
    public const string MeterName = "Tchek.Events.StatusPoller";

    private readonly Counter<long> _polls;
    private readonly Counter<long> _events;
    private readonly Counter<long> _invalidPayloads;
    private readonly Counter<long> _claimsLost;
    private readonly Counter<long> _published;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _budgetCharged;
    private readonly Counter<long> _budgetHeldBack;
    private readonly Histogram<double> _upstreamLatency;
    private readonly Histogram<double> _relayLatency;
    private int _relayActive;
    private int _ready;
    private int _upstreamDegraded;
    private long _backlog;
    private int _budgetPerDay;
    private long _budgetAvailable;
    private double _backlogAgeSeconds;
    private IReadOnlyDictionary<int, long> _tokensByStatus = new Dictionary<int, long>();

    public PollerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _polls = meter.CreateCounter<long>("tchek.polls", description: "Polls by outcome: unchanged, changed, invalid, not_found, failed.");
        _events = meter.CreateCounter<long>("tchek.events.written", description: "Events committed to the outbox, by type.");
        _invalidPayloads = meter.CreateCounter<long>("tchek.payloads.invalid", description: "Invalid vendor answers, by kind.");
        _claimsLost = meter.CreateCounter<long>("tchek.claims.lost", description: "Poll outcomes refused because another writer took the token.");
        _published = meter.CreateCounter<long>("tchek.events.published", description: "Events published and confirmed by the broker.");
        _throttled = meter.CreateCounter<long>("tchek.upstream.throttled", description: "Vendor answers 429 Too Many Requests (a Retry-After with one holds every request of the instance).");
        _budgetCharged = meter.CreateCounter<long>("tchek.request_budget.charged", description: "Polls charged to the request budget (Tchek:RequestBudgetPerDay) by this instance: tokens claimed under it.");
        _budgetHeldBack = meter.CreateCounter<long>("tchek.request_budget.held_back", description: "Claims the request budget cut short: it granted fewer polls than there were free slots, and tokens were due for all it granted (or it granted none).");
        meter.CreateObservableGauge("tchek.request_budget.per_day", () => Volatile.Read(ref _budgetPerDay), description: "The request budget, polls a day for all instances together (Tchek:RequestBudgetPerDay); 0: none.");
        meter.CreateObservableGauge("tchek.request_budget.available", () => Interlocked.Read(ref _budgetAvailable), description: "Whole polls left in the shared budget's bucket, as this instance last took from it.");
        _upstreamLatency = meter.CreateHistogram<double>("tchek.upstream.duration", "s", "Vendor request duration.");
        _relayLatency = meter.CreateHistogram<double>("tchek.relay.latency", "s", "From commit to the broker's publish confirm.");
        meter.CreateObservableCounter("tchek.process.allocated", () => GC.GetTotalAllocatedBytes(), "By", "Bytes allocated by the process since it started (for cost per poll).");
        meter.CreateObservableGauge("tchek.ready", () => Volatile.Read(ref _ready), description: "1 while the instance's readiness checks (database, bus) last passed, else 0: what /health/ready answers.");
        meter.CreateObservableGauge("tchek.relay.active", () => Volatile.Read(ref _relayActive), description: "1 on the instance whose outbox relay is the active one, else 0.");
        meter.CreateObservableGauge("tchek.upstream.degraded", () => Volatile.Read(ref _upstreamDegraded), description: "1 while an upstream degradation episode is open (UpstreamDegraded published, UpstreamRestored not yet), else 0; every instance reports it.");
        meter.CreateObservableGauge("tchek.outbox.backlog", () => Interlocked.Read(ref _backlog), description: "Committed events not yet published.");
        meter.CreateObservableGauge("tchek.outbox.backlog.age", () => Volatile.Read(ref _backlogAgeSeconds), "s", "Age of the oldest unpublished event.");
        meter.CreateObservableGauge("tchek.tokens", () => _tokensByStatus.Select(kv =>
            new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key))), description: "Active tokens by status (-1: no snapshot yet).");
    }

    public void Polled(PollOutcome outcome) => Polled(Label(outcome));

    /// <summary>An outcome's label, in metrics and on spans alike.</summary>
    public static string Label(PollOutcome outcome) => outcome switch
    {
        PollOutcome.Unchanged => "unchanged",
        PollOutcome.Changed => "changed",
        PollOutcome.Invalid => "invalid",
        PollOutcome.NotFound => "not_found",
        PollOutcome.Failed => "failed",
        PollOutcome.Untracked => "untracked",
        _ => outcome.ToString(),
    };

    /// <summary>A poll by its outcome's label; <c>error</c> when the poll itself failed (a bug, or an unreadable stored state).</summary>
    public void Polled(string outcome) => _polls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void EventWritten(string type) => _events.Add(1, new KeyValuePair<string, object?>("type", type));

    public void InvalidPayload(string kind) => _invalidPayloads.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void ClaimLost() => _claimsLost.Add(1);

    public void Throttled() => _throttled.Add(1);

    public void UpstreamRequest(TimeSpan duration, string outcome) =>
        _upstreamLatency.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void Published(TimeSpan sinceCommit)
    {
        _published.Add(1);
        _relayLatency.Record(sinceCommit.TotalSeconds);
    }

    public void BudgetSet(int perDay) => Volatile.Write(ref _budgetPerDay, perDay);

    /// <summary>A claim under the budget: what it charged, whether the budget cut it short, and what the bucket holds now.</summary>
    public void BudgetClaimed(int charged, bool heldBack, int available)
    {
        if (charged > 0)
        {
            _budgetCharged.Add(charged);
        }

        if (heldBack)
        {
            _budgetHeldBack.Add(1);
        }

        Interlocked.Exchange(ref _budgetAvailable, available);
    }

    public void Ready(bool ready) => Volatile.Write(ref _ready, ready ? 1 : 0);

    public void UpstreamDegraded(bool degraded) => Volatile.Write(ref _upstreamDegraded, degraded ? 1 : 0);

    public void RelayActive(bool active) => Volatile.Write(ref _relayActive, active ? 1 : 0);

    public void Backlog(long count, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _backlog, count);
        Volatile.Write(ref _backlogAgeSeconds, oldestAge.TotalSeconds);
    }

    public void TokensByStatus(IReadOnlyDictionary<int, long> counts) => _tokensByStatus = counts;
}
