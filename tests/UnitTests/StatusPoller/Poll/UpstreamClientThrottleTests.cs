using System.Diagnostics.Metrics;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Decide;
using Tchek.Events.StatusPoller.Poll;
using Tchek.Events.StatusPoller.Telemetry;

namespace Tchek.Events.UnitTests.StatusPoller.Poll;

/// <summary>The vendor's 429s are counted apart (tchek.upstream.throttled, the TchekVendorRateLimited alert); other failures are not.</summary>
public sealed class UpstreamClientThrottleTests
{
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, 1)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 0)]
    [InlineData(HttpStatusCode.InternalServerError, 0)]
    [InlineData(HttpStatusCode.OK, 0)]
    public async Task Only_a_429_counts_as_throttled(HttpStatusCode status, long expected)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        long throttled = 0;
        using var listener = new MeterListener
        {
            // This test's factory only: other tests create the same meter in parallel.
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "tchek.upstream.throttled")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref throttled, value));
        listener.Start();
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        var client = new UpstreamClient(new OneAnswer(status), Options.Create(new UpstreamOptions { BaseUrl = new Uri("http://127.0.0.1:1/apiV1/") }),
            new UpstreamGate(TimeProvider.System), limiter, TimeProvider.System, new PollerMetrics(meters), NullLogger<UpstreamClient>.Instance);

        var result = await client.FetchAsync("T00000001", CancellationToken.None);

        Assert.Equal(status == HttpStatusCode.OK ? FetchOutcome.Answered : FetchOutcome.Failed, result.Outcome);
        Assert.Equal(expected, Interlocked.Read(ref throttled));
    }

    private sealed class OneAnswer(HttpStatusCode status) : HttpMessageHandler, IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(this, disposeHandler: false) { BaseAddress = new Uri("http://127.0.0.1:1/apiV1/") };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("{}") });
    }
}
