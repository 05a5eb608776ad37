namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// Recent failed key checks per client address, per instance (<see cref="FailedKeyThrottle"/> decides).
/// Bounded: only allowed attempts are recorded, and at most <see cref="MaxClients"/> addresses are kept.
/// </summary>
internal abstract class ClientFailures(TimeProvider time)
{
    public const int MaxClients = 50_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _byClient = new(StringComparer.Ordinal);

    protected abstract (int Max, TimeSpan Window) Limits { get; }

    /// <summary>
    /// The address a failure counts against: an IPv4 address as is, an IPv6 address by its /64 (one
    /// host usually holds a whole /64, so counting single addresses would give it 2^64 tries).
    /// </summary>
    public static string Partition(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    /// <summary>Whether a key from <paramref name="client"/> (see <see cref="Partition"/>) may be checked now.</summary>
    public ThrottleVerdict Check(string client)
    {
        var (max, window) = Limits;
        lock (_lock)
        {
            return _byClient.TryGetValue(client, out var failures)
                ? FailedKeyThrottle.Decide(failures, time.GetUtcNow(), max, window)
                : ThrottleVerdict.Allow;
        }
    }

    /// <summary>Records a failed check from <paramref name="client"/>.</summary>
    public void Failed(string client)
    {
        var now = time.GetUtcNow();
        var window = Limits.Window;
        lock (_lock)
        {
            if (!_byClient.TryGetValue(client, out var failures))
            {
                if (_byClient.Count >= MaxClients)
                {
                    Forget(now, window);
                }

                _byClient[client] = failures = [];
            }

            failures.RemoveAll(at => !FailedKeyThrottle.Counts(at, now, window));
            failures.Add(now);
        }
    }

    private void Forget(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (client, failures) in _byClient)
        {
            failures.RemoveAll(at => !FailedKeyThrottle.Counts(at, now, window));
            if (failures.Count == 0)
            {
                _byClient.Remove(client);
            }
        }

        if (_byClient.Count >= MaxClients)
        {
            _byClient.Remove(_byClient.MinBy(c => c.Value[^1]).Key);
        }
    }
}

/// <summary>Wrong API keys per client address (<see cref="ApiOptions.MaxFailedKeyChecks"/> in <see cref="ApiOptions.FailedKeyCheckWindow"/>).</summary>
internal sealed class ApiKeyFailures(TimeProvider time, Microsoft.Extensions.Options.IOptionsMonitor<ApiOptions> options) : ClientFailures(time)
{
    protected override (int Max, TimeSpan Window) Limits => (options.CurrentValue.MaxFailedKeyChecks, options.CurrentValue.FailedKeyCheckWindow);
}
