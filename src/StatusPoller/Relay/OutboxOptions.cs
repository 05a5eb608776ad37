namespace Tchek.Events.StatusPoller.Relay;

/// <summary>Section <c>Outbox</c>: how committed events reach RabbitMQ, and how long they are kept.</summary>
internal sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Most events read per relay pass.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Tokens whose events are published at once (each token's own events stay in order). Confirms come back in batches, so more in flight is more throughput.</summary>
    [Range(1, 1_000)]
    public int PublishConcurrency { get; set; } = 128;

    /// <summary>The safety-net sweep: the relay looks for unpublished events at least this often, notification or not.</summary>
    [Positive]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirm.</summary>
    [Positive]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a published event stays in the log (for replay).</summary>
    [Positive]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
