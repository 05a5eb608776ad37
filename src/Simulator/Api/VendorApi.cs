using System.Globalization;

namespace Tchek.Events.Simulator.Api;

/// <summary><c>GET /apiV1/tokenmanager/test?deviceId={uid}-pwa</c>, as the vendor answers it, with faults on demand.</summary>
internal static class VendorApi
{
    public static IEndpointRouteBuilder MapVendorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/apiV1/tokenmanager/test", AnswerAsync);
        return app;
    }

    private static async Task<IResult> AnswerAsync(
        string? deviceId, TokenRegistry tokens, FaultSettings faults, Random random, TimeProvider time, HttpContext http)
    {
        if (deviceId is null || !deviceId.EndsWith("-pwa", StringComparison.Ordinal) || deviceId.Length <= 4)
        {
            return Results.BadRequest(new { error = "deviceId must be the token uid followed by -pwa" });
        }

        var uid = deviceId[..^4];
        var requests = tokens.Requests(uid);
        requests.Started(time.GetUtcNow());
        try
        {
            var options = faults.Current;
            if (options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(options.Latency, time, http.RequestAborted);
            }

            if (!tokens.TryGet(uid, out var token))
            {
                return Results.NotFound(new { error = "Token not found" });
            }

            double draw;
            lock (random)
            {
                draw = random.NextDouble();
            }

            var elapsed = tokens.Elapsed(token);
            var now = time.GetUtcNow();
            switch (FaultPlan.Choose(options, draw))
            {
                case Fault.TooManyRequests:
                    requests.RetryAfterGiven(now + options.RetryAfter);
                    http.Response.Headers.RetryAfter = Math.Ceiling(options.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    return Results.StatusCode(StatusCodes.Status429TooManyRequests);
                case Fault.ServerError:
                    return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Simulated server error");
                case Fault.Timeout:
                    await Task.Delay(options.Hang, time, http.RequestAborted);
                    return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
                case Fault.Malformed:
                    var whole = VendorPayload.Write(token, elapsed, now);
                    return Results.Bytes(whole[..(whole.Length / 2)], "application/json");
                case Fault.WrongUid:
                    return Results.Bytes(VendorPayload.Write(token, elapsed, now, uidOverride: "T0F3DF9"), "application/json");
                case Fault.UnknownStatus:
                    return Results.Bytes(VendorPayload.Write(token, elapsed, now, statusOverride: 9), "application/json");
                case Fault.StalledBody:
                    var stalled = VendorPayload.Write(token, elapsed, now);
                    http.Response.ContentType = "application/json";
                    http.Response.ContentLength = stalled.Length;
                    await http.Response.Body.WriteAsync(stalled.AsMemory(0, stalled.Length / 2), http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                    await Task.Delay(options.Hang, time, http.RequestAborted);
                    await http.Response.Body.WriteAsync(stalled.AsMemory(stalled.Length / 2), http.RequestAborted);
                    return Results.Empty;
                case Fault.Unstorable:
                    return Results.Bytes(VendorPayload.WithUnstorableField(VendorPayload.Write(token, elapsed, now), draw), "application/json");
                case Fault.None when token.Flapping:
                    // Every answer a change: 6 (a new chase-up) on odd requests, 2 on even ones.
                    return Results.Bytes(VendorPayload.Write(token, elapsed, now, statusOverride: requests.Count % 2 == 1 ? 6 : 2, statusSetAtOverride: now), "application/json");
                default:
                    return Results.Bytes(VendorPayload.Write(token, elapsed, now), "application/json");
            }
        }
        finally
        {
            requests.Finished();
        }
    }
}
