using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// The tracking API's authentication: one of <see cref="ApiOptions.Keys"/> in the key header.
/// Runs before any body is read, so an unauthenticated request is a 401 whatever it carries.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<ApiOptions> apiOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = apiOptions.Value;
        if (!Request.Headers.TryGetValue(options.KeyHeader, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(values[0]!);
        var index = options.Keys.FindIndex(key => CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(key)));
        if (index < 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        // The key itself never becomes part of the identity (nor of any log line).
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"api-key-{index}")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or unknown API key",
            detail: $"Send a valid key in the {apiOptions.Value.KeyHeader} header.").ExecuteAsync(Context);
    }
}
