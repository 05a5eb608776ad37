namespace Tchek.Events.StatusPoller.Poll;

/// <summary>Section <c>Tchek</c>: the vendor's API and how hard we may use it.</summary>
internal sealed class UpstreamOptions
{
    // The section keeps the vendor's name, so existing Tchek:* settings and environment variables still bind.
    public const string Section = "Tchek";

    /// <summary>The vendor's API root: absolute, ending with <c>/</c>; https outside Development, except on loopback or with <see cref="AllowHttp"/>.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://alto.tchek.fr/apiV1/");

    /// <summary>
    /// Allows an http <see cref="BaseUrl"/> outside Development, only for a simulator or a TLS-terminating sidecar on a
    /// private network; otherwise https only, except on loopback.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>Header carrying <see cref="ApiKey"/>.</summary>
    [Required]
    public string ApiKeyHeader { get; set; } = "X-API-Key";

    /// <summary>The vendor API key, if the vendor wants one. A secret: set it from the environment (<c>Tchek__ApiKey</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Time for one request attempt, the whole answer included; at most <see cref="TotalTimeout"/>.</summary>
    [Positive]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time for a request with its retries; at least <see cref="AttemptTimeout"/>.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries of one request on transient failures (5xx, timeouts, connection errors); 429 is never retried in place.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 1;

    /// <summary>Most requests per second this instance sends: its own rate limit.</summary>
    [Range(1, 100_000)]
    public int MaxRequestsPerSecond { get; set; } = 200;

    /// <summary>
    /// Most polls a day, all instances together; none or 0: no budget, otherwise at least 2. See
    /// docs/policies/request-budget.md.
    /// </summary>
    public int? RequestBudgetPerDay { get; set; }

    /// <summary>The budget's bucket holds this long's worth of it (above zero, under a day): how many polls a wave of due tokens may take at once.</summary>
    public TimeSpan RequestBudgetBurst { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Longest <c>Retry-After</c> honoured; a longer one is cut to this, so one answer cannot silence the poller for days.</summary>
    [Positive]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest answer accepted; a larger one is a failed poll.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 256 * 1024;
}
