using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Audit;
// A bare Claim would name the poller's Claim stage (namespace Tchek.Events.StatusPoller.Claim).
using SecurityClaim = System.Security.Claims.Claim;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The tracking API's authentication: one of <see cref="ApiOptions.Keys"/> in the key header.
/// Runs before any body is read, so an unauthenticated request is a 401 whatever it carries.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> apiOptions,
    ApiKeyRing keys,
    AuditLog audit,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(apiOptions.CurrentValue.KeyHeader, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        if (keys.Match(values[0]!) is not { } fingerprint)
        {
            // Recorded without the key: what was tried, from where, never with what.
            await audit.AppendAsync(new AuditEntry(
                time.GetUtcNow(), new Actor("unknown-key", Actor.Api, Context.Connection.RemoteIpAddress?.ToString()),
                AuditActions.KeyRefused, null, $"{Request.Method} {Request.Path}", "refused"), Context.RequestAborted);
            return AuthenticateResult.Fail("Unknown API key.");
        }

        // The caller is named by the key's fingerprint: the key itself never reaches an identity or a log line.
        var identity = new ClaimsIdentity([new SecurityClaim(ClaimTypes.Name, $"key:{fingerprint}")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or unknown API key",
            detail: $"Send a valid key in the {apiOptions.CurrentValue.KeyHeader} header.").ExecuteAsync(Context);
    }
}
