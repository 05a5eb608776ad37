namespace Tchek.Events.StatusPoller.Hosting;

/// <summary>
/// This process's name in leases, logs, and as the relay leader connection's application name
/// (which is how the console tells which instance holds the relay).
/// </summary>
internal sealed class PollerInstance
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];
}
