namespace Tchek.Events.StatusPoller.Polling;

/// <summary>This process's name in leases and logs.</summary>
internal sealed class PollerInstance
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];
}
