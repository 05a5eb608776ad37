using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Api;
// A bare Claim would name the poller's Claim stage (namespace Tchek.Events.StatusPoller.Claim).
using SecurityClaim = System.Security.Claims.Claim;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// The console's session: a cookie signed in by an API key (see <c>Pages/SignIn</c>). It carries the
/// key's fingerprint, never the key, and each request looks that fingerprint up in
/// <see cref="ApiKeyRing"/>: a key removed from the configuration ends its sessions at their next
/// request, and a change to its name or scopes applies at once. Pages need scopes as the API's
/// routes do (<see cref="ScopeAuthorization"/>); a missing one is a 403 page (<see cref="ConsoleForbidden"/>).
/// The API keeps <see cref="ApiKeyAuthentication"/> as the default scheme.
/// </summary>
internal static class ConsoleAuthentication
{
    public const string SchemeName = "Console";

    public const string PolicyName = "Console";

    public const string FingerprintClaim = "tchek:key-fingerprint";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(SchemeName);
        services.AddOptions<CookieAuthenticationOptions>(SchemeName).Configure<IOptions<ConsoleOptions>>((cookie, console) =>
        {
            cookie.Cookie = Cookie("__Tchek.Console");
            cookie.ExpireTimeSpan = console.Value.SessionTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = OperatorConsoleExtensions.PathPrefix + "/sign-in";
            cookie.Events.OnRedirectToAccessDenied = ConsoleForbidden.WriteAsync;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = ValidateKeyStillAcceptedAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>The principal of a session opened by <paramref name="caller"/>'s key: its name, scopes and key fingerprint.</summary>
    public static ClaimsPrincipal Principal(ApiCaller caller) => new(new ClaimsIdentity(
        caller.Claims().Append(new SecurityClaim(FingerprintClaim, caller.Fingerprint)), SchemeName));

    /// <summary>How services name a console user in their logs: <c>console:&lt;caller name&gt;</c>.</summary>
    public static string CallerName(ClaimsPrincipal user) => $"console:{user.Identity?.Name}";

    /// <summary>
    /// A console cookie: HttpOnly, SameSite=Strict, scoped to <c>/console</c>, and Secure unless the
    /// request came over loopback (see <see cref="ConsoleCookieBuilder"/>).
    /// </summary>
    public static CookieBuilder Cookie(string name) => new ConsoleCookieBuilder
    {
        Name = name,
        Path = OperatorConsoleExtensions.PathPrefix,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
    };

    private static async Task ValidateKeyStillAcceptedAsync(CookieValidatePrincipalContext context)
    {
        var ring = context.HttpContext.RequestServices.GetRequiredService<ApiKeyRing>();
        if (context.Principal?.FindFirstValue(FingerprintClaim) is not { } fingerprint || ring.Find(fingerprint) is not { } caller)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }

        // The key's current name and scopes, not those it had at sign-in.
        context.ReplacePrincipal(Principal(caller));
    }
}
