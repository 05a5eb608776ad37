using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The accepted API keys as SHA-256 digests, kept current with the configuration (keys rotate
/// without a restart). Comparing digests in fixed time leaks neither a key's content nor its length.
/// </summary>
internal sealed partial class ApiKeyRing : IDisposable
{
    private readonly IDisposable? _subscription;
    private readonly ILogger<ApiKeyRing> _logger;
    private volatile Entry[] _entries = [];

    public ApiKeyRing(IOptionsMonitor<ApiOptions> options, ILogger<ApiKeyRing> logger)
    {
        _logger = logger;
        Load(options.CurrentValue);
        _subscription = options.OnChange(Load);
    }

    /// <summary>The fingerprint of the key <paramref name="presented"/> matches, or null.</summary>
    public string? Match(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var entry in _entries)
        {
            // Every entry is compared: the time taken does not say which one matched.
            if (CryptographicOperations.FixedTimeEquals(digest, entry.Digest))
            {
                match = entry.Fingerprint;
            }
        }

        return match;
    }

    /// <summary>
    /// Whether a key with this fingerprint is still accepted: a console session holds only the
    /// fingerprint, and ends when its key leaves the configuration.
    /// </summary>
    public bool Accepts(string fingerprint) => _entries.Any(entry => string.Equals(entry.Fingerprint, fingerprint, StringComparison.Ordinal));

    /// <summary>A short, non-secret name for a key in logs: the first 8 hex digits of its SHA-256.</summary>
    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    public void Dispose() => _subscription?.Dispose();

    private void Load(ApiOptions options)
    {
        _entries = [.. options.Keys.Where(k => !string.IsNullOrEmpty(k)).Select(k => new Entry(SHA256.HashData(Encoding.UTF8.GetBytes(k)), Fingerprint(k)))];
        if (_entries.Length == 0)
        {
            LogNoKeys();
        }
        else
        {
            LogKeys(_entries.Length, string.Join(", ", _entries.Select(e => e.Fingerprint)));
        }
    }

    [LoggerMessage(LogLevel.Warning, "No API key is configured (Api:Keys): every request to the tracking API is refused")]
    private partial void LogNoKeys();

    [LoggerMessage(LogLevel.Information, "{Count} API keys accepted, fingerprints {Fingerprints}")]
    private partial void LogKeys(int count, string fingerprints);

    private sealed record Entry(byte[] Digest, string Fingerprint);
}
