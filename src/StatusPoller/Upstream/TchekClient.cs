using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.StatusPoller.Upstream;

/// <summary>
/// <c>GET {BaseUrl}tokenmanager/test?deviceId={uid}-pwa</c>. Never throws for what the vendor or the
/// network does: every answer becomes a <see cref="FetchResult"/>. Every request waits for the
/// <see cref="VendorGate"/> (a Retry-After holds them all) and the instance's rate limit.
/// </summary>
internal sealed class TchekClient(IHttpClientFactory httpClients, IOptions<TchekOptions> options, VendorGate gate, RateLimiter limiter, TimeProvider time)
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

            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = RetryAfter(response.Headers.RetryAfter);
                if (retryAfter is { } wait && response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    gate.CloseFor(wait);
                }

                return FetchResult.Failed($"HTTP {(int)response.StatusCode}", retryAfter);
            }

            return await ReadBodyAsync(response, ct);
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

    private async Task<FetchResult> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var max = options.Value.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            return FetchResult.Failed($"answer larger than {max} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return FetchResult.Failed($"answer larger than {max} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return FetchResult.Answered(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
