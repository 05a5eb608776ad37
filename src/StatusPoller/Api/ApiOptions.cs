namespace Tchek.Events.StatusPoller.Api;

/// <summary>Section <c>Api</c>: the tracking API's callers (keys, names, scopes) and limits.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The API's callers by name, each with a secret key (at least 32 characters outside Development) and
    /// its scopes; the name appears in logs and the audit trail. None configured refuses every request.
    /// </summary>
    public Dictionary<string, ApiClientOptions> Clients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Deprecated for <c>Api:Clients</c>, removed in the next release: unnamed keys, each with every scope
    /// and named <c>key:&lt;fingerprint&gt;</c>.
    /// </summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Header carrying the key.</summary>
    [Required]
    public string KeyHeader { get; set; } = "X-Api-Key";

    /// <summary>Most uids in one <c>POST /tokens/batch</c>.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Longest time window of a <c>POST /events/replay</c> that names no token.</summary>
    [Positive]
    public TimeSpan MaxReplayWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Most events one replay request may publish.</summary>
    [Range(1, 1_000_000)]
    public int MaxReplayEvents { get; set; } = 10_000;

    /// <summary>Serve the Scalar UI at <c>/docs</c> outside Development too (it is always on in Development; <c>/openapi/v1.json</c> is always served).</summary>
    public bool ExposeDocs { get; set; }

    /// <summary>Requests one key may make within <see cref="RateLimitWindow"/>; more answer 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPermits { get; set; } = 600;

    /// <summary>The window of <see cref="RateLimitPermits"/> (a fixed window per key name).</summary>
    [Positive]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Wrong keys from one client address (an IPv6 address by its /64) within <see cref="FailedKeyCheckWindow"/>
    /// before that address's keys are no longer checked (429 with Retry-After); other addresses are not affected.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxFailedKeyChecks { get; set; } = 20;

    /// <summary>How long a wrong key counts against its client address.</summary>
    [Positive]
    public TimeSpan FailedKeyCheckWindow { get; set; } = TimeSpan.FromMinutes(5);
}
