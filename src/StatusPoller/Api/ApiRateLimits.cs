using System.Threading.RateLimiting;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// Per-caller fixed-window rate limit, in memory per instance; over it, 429 with Retry-After. Limits are
/// read when a caller's window is first made, so a change applies to callers seen after it.
/// </summary>
internal static class ApiRateLimits
{
    public const string PerKeyPolicy = "per-key";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(PerKeyPolicy, http =>
        {
            // Unauthenticated requests are 401s before any work; wrong keys are throttled per address instead.
            if (http.User.Identity is not { IsAuthenticated: true, Name: { } name })
            {
                return RateLimitPartition.GetNoLimiter("anonymous");
            }

            var options = http.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue;
            return RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.RateLimitPermits,
                Window = options.RateLimitWindow,
                QueueLimit = 0,
            });
        });
        limiter.OnRejected = async (context, ct) =>
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 1;
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: $"This API key's rate limit (Api:RateLimitPermits per Api:RateLimitWindow) is spent; try again in {seconds} s.").ExecuteAsync(context.HttpContext);
        };
    });
}
