using System.Security.Cryptography;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The accepted API keys as SHA-256 digests, kept current with the configuration. Comparing digests in
/// fixed time leaks neither a key's content nor its length.
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

    /// <summary>The caller the key <paramref name="presented"/> identifies, or null.</summary>
    public ApiCaller? Match(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiCaller? match = null;
        foreach (var entry in _entries)
        {
            // Every entry is compared: the time taken does not say which one matched.
            if (CryptographicOperations.FixedTimeEquals(digest, entry.Digest))
            {
                match = entry.Caller;
            }
        }

        return match;
    }

    /// <summary>
    /// The caller whose key has this fingerprint now, or null: a console session holds only the
    /// fingerprint, ends when its key leaves the configuration, and follows its scopes when they change.
    /// </summary>
    public ApiCaller? Find(string fingerprint) =>
        _entries.FirstOrDefault(entry => string.Equals(entry.Caller.Fingerprint, fingerprint, StringComparison.Ordinal))?.Caller;

    /// <summary>A short, non-secret name for a key in logs: the first 8 hex digits of its SHA-256.</summary>
    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];

    public void Dispose() => _subscription?.Dispose();

    private void Load(ApiOptions options)
    {
        var legacy = options.Keys.Where(k => !string.IsNullOrEmpty(k)).ToList();
        _entries =
        [
            .. options.Clients.Where(c => !string.IsNullOrEmpty(c.Value.Key))
                .Select(c => Of(c.Value.Key!, c.Key, ApiScopes.Parse(c.Value.Scopes).Scopes)),
            .. legacy.Select(k => Of(k, $"key:{Fingerprint(k)}", [ApiScopes.Admin])),
        ];
        if (legacy.Count > 0)
        {
            LogDeprecatedKeys(legacy.Count);
        }

        if (_entries.Length == 0)
        {
            LogNoKeys();
        }
        else
        {
            LogKeys(_entries.Length, string.Join(", ", _entries.Select(e => $"{e.Caller.Name} ({e.Caller.Fingerprint}: {string.Join(",", e.Caller.Scopes)})")));
        }
    }

    private static Entry Of(string key, string name, IReadOnlyList<string> scopes) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(key)), new ApiCaller(name, Fingerprint(key), scopes));

    [LoggerMessage(LogLevel.Warning, "No API key is configured (Api:Clients): every request to the tracking API is refused")]
    private partial void LogNoKeys();

    [LoggerMessage(LogLevel.Warning, "Api:Keys is deprecated ({Count} keys, each with every scope): name each caller and give it only its scopes, as Api__Clients__<name>__Key and Api__Clients__<name>__Scopes=read,track")]
    private partial void LogDeprecatedKeys(int count);

    [LoggerMessage(LogLevel.Information, "{Count} API keys accepted: {Callers}")]
    private partial void LogKeys(int count, string callers);

    private sealed record Entry(byte[] Digest, ApiCaller Caller);
}
