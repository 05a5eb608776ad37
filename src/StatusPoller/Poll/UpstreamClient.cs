using System.Net;
using System.Threading.RateLimiting;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Tchek.Events.StatusPoller.Poll.Rules;

namespace Tchek.Events.StatusPoller.Poll;

/// <summary>
/// <c>GET {BaseUrl}tokenmanager/test?deviceId={uid}-pwa</c>. Never throws for what the vendor or the
/// network does: every answer becomes a <see cref="FetchResult"/>. Every request waits for the
/// <see cref="UpstreamGate"/> (a Retry-After holds them all) and the instance's rate limit.
/// </summary>
internal sealed partial class UpstreamClient(
    IHttpClientFactory httpClients, IOptions<UpstreamOptions> options, UpstreamGate gate, RateLimiter limiter, TimeProvider time,
    PollerMetrics metrics, ILogger<UpstreamClient> logger)
{
    public const string HttpClientName = "tchek";

    public async Task<FetchResult> FetchAsync(string uid, CancellationToken ct)
    {
        // Per request, so the factory can rotate handlers (DNS changes) under a long-lived singleton.
        var http = httpClients.CreateClient(HttpClientName);
        await gate.WaitAsync(ct);
        using var lease = await limiter.AcquireAsync(1, ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"tokenmanager/test?deviceId={Uri.EscapeDataString(uid)}-pwa");
        if (options.Value.ApiKey is { Length: > 0 } key)
        {
            request.Headers.TryAddWithoutValidation(options.Value.ApiKeyHeader, key);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return FetchResult.NotFound();
            }

            if ((int)response.StatusCode is >= 300 and < 400)
            {
                // Never followed: the vendor key would travel to wherever the redirect points.
                LogRedirectRefused(uid, (int)response.StatusCode, response.Headers.Location?.Host);
                return FetchResult.Failed($"HTTP {(int)response.StatusCode}: redirect not followed");
            }

            if (!response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Counted apart from other failures: the alert on it means "ask the vendor for a higher limit".
                    metrics.Throttled();
                }

                var retryAfter = response.Headers.NonValidated.TryGetValues("Retry-After", out var values)
                    ? RetryAfter.Parse(values.FirstOrDefault(), time.GetUtcNow(), options.Value.MaxRetryAfter)
                    : null;
                if (retryAfter is { } wait && wait > TimeSpan.Zero && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    gate.CloseFor(wait);
                }

                return FetchResult.Failed($"HTTP {(int)response.StatusCode}", retryAfter);
            }

            // Already read in full, within the attempt's timeout (BufferedAnswerHandler).
            return FetchResult.Answered(await response.Content.ReadAsByteArrayAsync(ct));
        }
        catch (AnswerTooLargeException tooLarge)
        {
            return FetchResult.Failed(tooLarge.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return FetchResult.Failed(ex switch
            {
                TimeoutRejectedException or OperationCanceledException => "timeout",
                BrokenCircuitException => "circuit open",
                HttpRequestException failure => $"connection failed ({failure.HttpRequestError})",
                _ => ex.GetType().Name,
            });
        }
    }

    [LoggerMessage(LogLevel.Warning, "The vendor answered {StatusCode} for token {TokenUid}, redirecting to {Host}; redirects are never followed")]
    private partial void LogRedirectRefused(string tokenUid, int statusCode, string? host);
}
