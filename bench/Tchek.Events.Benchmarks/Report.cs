using System.Text;
using static Tchek.Events.Benchmarks.Bench;

namespace Tchek.Events.Benchmarks;

/// <summary>The bench's table: every figure with the raw limit that bounds it, as a ratio.</summary>
internal sealed class Report(BenchOptions options)
{
    public double HttpLimit { get; set; }

    public double PublishLimit { get; set; }

    public List<(PollerFigures Poller, double DatabaseLimit)> Unchanged { get; } = [];

    public List<PollerFigures> Changed { get; } = [];

    public double StorageRate { get; set; }

    /// <summary>Whether RabbitMQ's management plugin was on: its statistics cost the broker CPU.</summary>
    public bool ManagementPlugin { get; set; }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"Window {options.Window.TotalSeconds:0} s per figure, after a 3 s warm-up; {Environment.ProcessorCount} cores; one poller instance; simulator, PostgreSQL and RabbitMQ on the same machine.");
        md.AppendLine();
        md.AppendLine("Raw limits (each part alone, same run)");
        md.AppendLine();
        md.AppendLine("| limit | value |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| simulator over HTTP, 64 concurrent, no database | {F(HttpLimit)} req/s |");
        foreach (var (poller, db) in Unchanged)
        {
            md.AppendLine($"| claim + fenced write statements alone, {poller.Tokens} tokens stored | {F(db)} polls/s |");
        }

        md.AppendLine($"| MassTransit publish with confirms, {RawLimits.Concurrency} concurrent, in the bench's own vhost | {F(PublishLimit)} events/s |");
        md.AppendLine($"| RabbitMQ management plugin (its statistics cost the broker CPU) | {(ManagementPlugin ? "on" : "off")} |");
        if (StorageRate > 0)
        {
            md.AppendLine($"| claim + fenced write statements alone, {options.Storage} tokens stored | {F(StorageRate)} polls/s |");
        }

        md.AppendLine();
        md.AppendLine("Unchanged polls (nothing to publish)");
        md.AppendLine();
        md.AppendLine("| tokens | polls/s | bound (min of HTTP, DB) | ratio | CPU µs/poll | KB allocated/poll | RSS MiB | managed heap / GC committed MiB | DB transactions/poll |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (p, db) in Unchanged)
        {
            var bound = Math.Min(HttpLimit, db);
            md.AppendLine($"| {p.Tokens} | {F(p.PollsPerSecond)} | {F(bound)} | {F(p.PollsPerSecond / bound, "0.00")} | {F(p.CpuMicrosPerPoll)} | {F(p.BytesPerPoll / 1024, "0.0")} | {F(p.ResidentMiB)} | {F(p.HeapMiB)} / {F(p.CommittedMiB)} | {F(p.TransactionsPerPoll, "0.00")} |");
        }

        if (Unchanged.Count > 1)
        {
            var (first, last) = (Unchanged[0].Poller, Unchanged[^1].Poller);
            md.AppendLine();
            md.AppendLine($"Cost per poll at {last.Tokens} vs {first.Tokens} tokens: CPU x{F(last.CpuMicrosPerPoll / first.CpuMicrosPerPoll, "0.00")}, allocations x{F(last.BytesPerPoll / first.BytesPerPoll, "0.00")}, RSS x{F(last.ResidentMiB / first.ResidentMiB, "0.00")}.");
        }

        md.AppendLine();
        md.AppendLine("Where the CPU went during each window (share of all cores)");
        md.AppendLine();
        foreach (var (p, _) in Unchanged)
        {
            md.AppendLine($"- unchanged, {p.Tokens} tokens: {p.CpuShares}");
        }

        foreach (var c in Changed)
        {
            md.AppendLine($"- changed, {c.Tokens} tokens, {(c.Interval is { } i ? $"every {F(i.TotalSeconds)} s" : "max")}: {c.CpuShares}");
        }

        if (Changed.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Changed polls (every poll a change; events published and consumed by a subscriber): as fast as it goes, then paced (each token polled every 1, 2 and 4 s)");
            md.AppendLine();
            md.AppendLine("| tokens | pace | polls/s | events/s | consumed/s | bound (min of HTTP, DB, publish ÷ events per poll) | ratio | poll→consumer p50 / p99 / max ms | poll→commit p50 / p99 ms | commit→publish p50 / p99 ms | CPU µs/poll | KB allocated/poll |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var c in Changed)
            {
                var eventsPerPoll = c.EventsPerSecond / Math.Max(c.PollsPerSecond, 1);
                var bound = Math.Min(Math.Min(HttpLimit, Unchanged.Count > 0 ? Unchanged[0].DatabaseLimit : double.MaxValue), PublishLimit / Math.Max(eventsPerPoll, 1e-9));
                md.AppendLine($"| {c.Tokens} | {(c.Interval is { } i ? $"every {F(i.TotalSeconds)} s" : "max")} | {F(c.PollsPerSecond)} | {F(c.EventsPerSecond)} | {F(c.ConsumedPerSecond)} | {F(bound)} | {F(c.PollsPerSecond / bound, "0.00")} | {F(c.PollToConsumerP50)} / {F(c.PollToConsumerP99)} / {F(c.PollToConsumerMax)} | {F(c.PollToCommitP50, "0.0")} / {F(c.PollToCommitP99, "0.0")} | {F(c.CommitToPublishP50, "0.0")} / {F(c.CommitToPublishP99, "0.0")} | {F(c.CpuMicrosPerPoll)} | {F(c.BytesPerPoll / 1024, "0.0")} |");
            }
        }

        return md.ToString();
    }
}
