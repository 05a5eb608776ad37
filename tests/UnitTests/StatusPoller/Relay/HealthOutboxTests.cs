using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.UnitTests.StatusPoller.Relay;

/// <summary>When the relay's pass reads the upstream-health table: only when there may be something to publish.</summary>
public sealed class HealthOutboxTests
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task The_table_is_read_when_the_monitor_stored_an_event_at_a_terms_start_and_every_tenth_sweep_only()
    {
        var time = new ManualTime();
        var signal = new OutboxSignal();
        var outbox = new HealthOutbox(
            new NoStore(), new EventPublisher(null!, Options.Create(new OutboxOptions()), NullLogger<EventPublisher>.Instance), signal,
            Options.Create(new OutboxOptions { SweepInterval = Sweep }), time, NullLogger<HealthOutbox>.Instance);

        Assert.True(outbox.TakeDue());
        Assert.False(outbox.TakeDue());
        time.Advance(Sweep * 9);
        Assert.False(outbox.TakeDue());
        time.Advance(Sweep);
        Assert.True(outbox.TakeDue());
        Assert.False(outbox.TakeDue());

        outbox.Stored();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.True(outbox.TakeDue());
        Assert.False(outbox.TakeDue());

        outbox.Lead();
        Assert.True(outbox.TakeDue());
        Assert.False(outbox.TakeDue());
    }

    private sealed class NoStore : IHealthEventStore
    {
        public Task<List<PendingHealthEvent>> UnpublishedAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task MarkPublishedAsync(PendingHealthEvent published, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
