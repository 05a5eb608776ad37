using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;


namespace Tchek.Events.StatusPoller.Poll;

internal static class UpstreamExtensions
{
    /// <summary>The vendor client: its options, the Retry-After gate, the instance's rate limit, and the resilient HTTP pipeline.</summary>
    public static IServiceCollection AddUpstream(this IServiceCollection services)
    {
        services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>();
        services.AddSingleton<UpstreamGate>();
        services.AddSingleton<RateLimiter>(sp =>
        {
            // Refilled ten times a second, so the limit is smooth rather than a burst each second.
            var perTenth = Math.Max(1, sp.GetRequiredService<IOptions<UpstreamOptions>>().Value.MaxRequestsPerSecond / 10);
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = perTenth,
                TokensPerPeriod = perTenth,
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        });
        var client = services.AddHttpClient(UpstreamClient.HttpClientName, (sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<UpstreamOptions>>().Value.BaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
            })
            // A redirect is a failed poll, never followed: the vendor key header would go along.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        client.AddResilienceHandler("tchek", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<UpstreamOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(200),
                        // A Retry-After is honoured by the scheduler (per token and for the whole
                        // client), never by holding a request open here.
                        ShouldRetryAfterHeader = false,
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });
        // Inside the pipeline, so each attempt's timeout covers the body as well as the headers.
        client.AddHttpMessageHandler(sp => new BufferedAnswerHandler(sp.GetRequiredService<IOptions<UpstreamOptions>>()));
        services.AddSingleton<UpstreamClient>();
        return services;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: not null } => HttpClientResiliencePredicates.IsTransient(outcome),
        { Result: { } response } => response.StatusCode != HttpStatusCode.TooManyRequests
            && response.Headers.RetryAfter is null
            && HttpClientResiliencePredicates.IsTransient(outcome),
        _ => false,
    };
}
