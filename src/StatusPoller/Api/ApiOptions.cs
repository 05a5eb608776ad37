namespace Tchek.Events.StatusPoller.Api;

/// <summary>Section <c>Api</c>: the tracking API's callers (keys, names, scopes) and limits.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The API's callers by name: <c>Api:Clients:&lt;name&gt;:Key</c> (a secret, at least 32 characters
    /// outside Development) and <c>Api:Clients:&lt;name&gt;:Scopes</c>, a comma-separated list of
    /// <c>read</c>, <c>track</c>, <c>replay</c>, <c>erase</c>, <c>admin</c> (admin holds them all). From
    /// the environment: <c>Api__Clients__crm__Key</c>, <c>Api__Clients__crm__Scopes=read,track</c>. A name
    /// is 1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>; it names the caller in logs and the audit
    /// trail. Changes apply without a restart. None configured (nor <c>Api:Keys</c>) = every request is refused.
    /// </summary>
    public Dictionary<string, ApiClientOptions> Clients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Deprecated (use <c>Api:Clients</c>; removed in the next release, a warning at start says so):
    /// unnamed keys (<c>Api__Keys__0</c>, ...), each with every scope (admin) and named
    /// <c>key:&lt;fingerprint&gt;</c>. Outside Development each is at least 32 characters.
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
