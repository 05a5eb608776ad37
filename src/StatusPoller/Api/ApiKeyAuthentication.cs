using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Api.Rules;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The tracking API's authentication: a configured key in the key header makes a principal named
/// by its caller, with a claim per scope. Runs before any body is read, so an unauthenticated request
/// is a 401 whatever it carries. Wrong keys are counted per client address (<see cref="ApiKeyFailures"/>):
/// an address over the limit gets 429 and its keys are not checked at all.
/// </summary>
internal sealed partial class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> apiOptions,
    ApiKeyRing keys,
    ApiKeyFailures failures) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    private ThrottleVerdict _throttled = ThrottleVerdict.Allow;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(apiOptions.CurrentValue.KeyHeader, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = ClientFailures.Partition(Context.Connection.RemoteIpAddress);
        if (failures.Check(client) is { Allowed: false } verdict)
        {
            _throttled = verdict;
            LogThrottled(client, verdict.RetryAfterSeconds);
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong API keys from this address."));
        }

        if (keys.Match(values[0]!) is not { } caller)
        {
            failures.Failed(client);
            LogRefused(client);
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        // The caller is named by its configured name: the key itself never reaches an identity or a log line.
        var identity = new ClaimsIdentity(caller.Claims(), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
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

    [LoggerMessage(LogLevel.Warning, "API key refused for client {ClientAddress}: unknown key")]
    private partial void LogRefused(string clientAddress);

    [LoggerMessage(LogLevel.Warning, "API key not checked for client {ClientAddress}: too many wrong keys, retry in {RetryAfterSeconds} s")]
    private partial void LogThrottled(string clientAddress, int retryAfterSeconds);
}
