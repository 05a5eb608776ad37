using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tchek.Events.IntegrationTests.Poller.Support;

/// <summary>One scripted answer: a status code, a body (null: the token's current payload), a Retry-After, a delay.</summary>
public sealed record StubAnswer(int StatusCode = 200, string? Body = null, TimeSpan? RetryAfter = null, TimeSpan? Delay = null)
{
    /// <summary>A raw <c>Retry-After</c> header, sent as is (any text).</summary>
    public string? RetryAfterHeader { get; init; }

    /// <summary>A <c>Location</c> header (with a 3xx status: a redirect).</summary>
    public Uri? Location { get; init; }

    /// <summary>Send the status, the headers and the body's first byte, then nothing until the client gives up.</summary>
    public bool StallBody { get; init; }
}

/// <summary>
/// The vendor's <c>tokenmanager/test</c> over real HTTP on loopback, answering with payloads shaped
/// like the vendor's page. Counts requests per token, when they came, and overlapping requests
/// for the same token (which would mean two pollers polled it at once).
/// </summary>
public sealed class StubVendor : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, JsonObject> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StubAnswer>> _scripted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<string, string>> _tampers = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _overlaps;

    private StubVendor(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>Tchek:BaseUrl</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests that arrived for a token while another request for it was still being answered.</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public static async Task<StubVendor> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubVendor(app);
        app.MapGet("/apiV1/tokenmanager/test", stub.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseUrl = new Uri($"{address}/apiV1/");
        return stub;
    }

    /// <summary>Sets a token's state; the next answers carry it. The status time moves only when the status changes.</summary>
    public void Set(string uid, int status, bool expired = false, decimal? percentDamage = null, DateTimeOffset? statusUpdatedAt = null)
    {
        _tokens.AddOrUpdate(
            uid,
            _ => VendorPayload.Create(uid, status, expired, percentDamage, statusUpdatedAt ?? DateTimeOffset.UtcNow),
            (_, current) =>
            {
                var token = current["token"]!;
                var changed = token["tradeinStatus"]!.GetValue<int>() != status;
                return VendorPayload.Create(uid, status, expired, percentDamage,
                    statusUpdatedAt ?? (changed ? DateTimeOffset.UtcNow : DateTimeOffset.Parse(token["tradeinStatusUpdatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)));
            });
    }

    /// <summary>From now on, every payload of <paramref name="uid"/> is passed through <paramref name="edit"/> as text (a vendor that misbehaves for good).</summary>
    public void Tamper(string uid, Func<string, string> edit) => _tampers[uid] = edit;

    /// <summary>The next answers for <paramref name="uid"/> are <paramref name="answers"/>, in order, instead of its payload.</summary>
    public void Script(string uid, params StubAnswer[] answers)
    {
        var queue = _scripted.GetOrAdd(uid, _ => new ConcurrentQueue<StubAnswer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>Requests for <paramref name="uid"/> being answered right now.</summary>
    public int InFlight(string uid) => _inFlight.TryGetValue(uid, out var n) ? n : 0;

    /// <summary>Scripted answers for <paramref name="uid"/> not yet given.</summary>
    public int PendingScripted(string uid) => _scripted.TryGetValue(uid, out var queue) ? queue.Count : 0;

    public int RequestCount(string uid) => _requests.TryGetValue(uid, out var times) ? times.Count : 0;

    public IReadOnlyList<DateTimeOffset> RequestTimes(string uid) => _requests.TryGetValue(uid, out var times) ? [.. times] : [];

    public int TotalRequests => _requests.Values.Sum(q => q.Count);

    /// <summary>Waits until <paramref name="uid"/> has had more than <paramref name="count"/> requests answered.</summary>
    public async Task WaitForRequestsAsync(string uid, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (RequestCount(uid) <= count)
        {
            await Task.Delay(20, cts.Token);
        }
    }

    private async Task<IResult> AnswerAsync(HttpContext http, string? deviceId)
    {
        if (deviceId is null || !deviceId.EndsWith("-pwa", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        var uid = deviceId[..^4];
        if (_inFlight.AddOrUpdate(uid, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            var answer = _scripted.TryGetValue(uid, out var queue) && queue.TryDequeue(out var scripted) ? scripted : new StubAnswer();
            if (answer.Delay is { } delay)
            {
                await Task.Delay(delay, http.RequestAborted);
            }

            if (answer.RetryAfter is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            if (answer.RetryAfterHeader is { } raw)
            {
                http.Response.Headers.RetryAfter = raw;
            }

            if (answer.Location is { } location)
            {
                http.Response.Headers.Location = location.ToString();
            }

            if (answer.StallBody)
            {
                http.Response.StatusCode = 200;
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync("{"u8.ToArray(), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }

            var body = answer.Body ?? (_tokens.TryGetValue(uid, out var token) ? token.ToJsonString() : null);
            if (answer.Body is null && body is not null && _tampers.TryGetValue(uid, out var tamper))
            {
                body = tamper(body);
            }

            return body is null && answer.StatusCode == 200
                ? Results.NotFound()
                : Results.Text(body ?? "", "application/json", statusCode: answer.StatusCode);
        }
        finally
        {
            _inFlight.AddOrUpdate(uid, 0, (_, n) => n - 1);
            // Counted when answered, so a waiter sees the answer's effect soon after.
            _requests.GetOrAdd(uid, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
