using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The API's key scheme. It runs before any body is read, so an unauthenticated request is a 401 whatever
/// it carries; an address over the failed-key limit (<see cref="ApiKeyFailures"/>) gets 429, no key checked.
/// </summary>
internal sealed partial class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> apiOptions,
    ApiKeyRing keys,
    ApiKeyFailures failures,
    AuditLog audit,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    private ThrottleVerdict _throttled = ThrottleVerdict.Allow;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(apiOptions.CurrentValue.KeyHeader, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        var client = ClientFailures.Partition(Context.Connection.RemoteIpAddress);
        if (failures.Check(client) is { Allowed: false } verdict)
        {
            // Not recorded in the audit trail: a row per throttled request would let one address fill it.
            // The refusal that started the throttle says so in its own row.
            _throttled = verdict;
            LogThrottled(client, verdict.RetryAfterSeconds);
            return AuthenticateResult.Fail("Too many wrong API keys from this address.");
        }

        if (keys.Match(values[0]!) is not { } caller)
        {
            failures.Failed(client);
            LogRefused(client);
            await RecordRefusalAsync(failures.Check(client));
            return AuthenticateResult.Fail("Unknown API key.");
        }

        // The caller is named by its configured name: the key itself never reaches an identity or a log line.
        var identity = new ClaimsIdentity(caller.Claims(), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!_throttled.Allowed)
        {
            Response.Headers.RetryAfter = _throttled.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many wrong API keys",
                detail: $"Too many wrong keys from your address; try again in {_throttled.RetryAfterSeconds} s.").ExecuteAsync(Context);
            return;
        }

        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or unknown API key",
            detail: $"Send a valid key in the {apiOptions.CurrentValue.KeyHeader} header.").ExecuteAsync(Context);
    }

    /// <summary>
    /// One row per refused key, with the client address (the proxy's word only from a trusted proxy),
    /// never the key. At most <see cref="ApiOptions.MaxFailedKeyChecks"/> per address and window.
    /// </summary>
    private Task RecordRefusalAsync(ThrottleVerdict now)
    {
        var detail = $"{Request.Method} {Request.Path}";
        if (!now.Allowed)
        {
            detail += $"; address throttled for {now.RetryAfterSeconds} s";
        }

        return audit.AppendAsync(
            new AuditEntry(time.GetUtcNow(), new Actor("unknown-key", Actor.Api, Context.Connection.RemoteIpAddress?.ToString()), AuditActions.KeyRefused, null, detail, "refused"),
            Context.RequestAborted);
    }

    [LoggerMessage(LogLevel.Warning, "API key refused for client {ClientAddress}: unknown key")]
    private partial void LogRefused(string clientAddress);

    [LoggerMessage(LogLevel.Warning, "API key not checked for client {ClientAddress}: too many wrong keys, retry in {RetryAfterSeconds} s")]
    private partial void LogThrottled(string clientAddress, int retryAfterSeconds);
}
