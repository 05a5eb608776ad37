using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Sessions;
// A bare Claim would name the poller's Claim stage (namespace Tchek.Events.StatusPoller.Claim).
using SecurityClaim = System.Security.Claims.Claim;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// The console's session: a cookie signed in by an API key (see <c>Pages/SignIn</c>). It carries the
/// key's fingerprint, never the key, and each request checks that fingerprint against
/// <see cref="ApiKeyRing"/>: a key removed from <c>Api:Keys</c> ends its sessions at their next request.
/// Each session has an id and a start: sign-out revokes the id on every instance
/// (<see cref="SessionRevocations"/>), so a copied cookie dies with it, and a session ends
/// <see cref="ConsoleOptions.SessionLifetime"/> after its start however active it is. The API keeps <see cref="ApiKeyAuthentication"/> as the default scheme.
/// </summary>
internal static class ConsoleAuthentication
{
    public const string SchemeName = "Console";

    public const string PolicyName = "Console";

    public const string FingerprintClaim = "tchek:key-fingerprint";

    public const string SessionClaim = "tchek:session";

    public const string StartedClaim = "tchek:session-started";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<SessionRevocations>();
        services.AddAuthentication().AddCookie(SchemeName);
        services.AddOptions<CookieAuthenticationOptions>(SchemeName).Configure<IOptions<ConsoleOptions>>((cookie, console) =>
        {
            cookie.Cookie = Cookie("__Tchek.Console");
            cookie.ExpireTimeSpan = console.Value.SessionTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = OperatorConsoleExtensions.PathPrefix + "/sign-in";
            cookie.AccessDeniedPath = OperatorConsoleExtensions.PathPrefix + "/sign-in";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// The principal of a new session opened at <paramref name="started"/> with the key whose
    /// fingerprint is <paramref name="fingerprint"/>, under a fresh random session id.
    /// </summary>
    public static ClaimsPrincipal Principal(string fingerprint, DateTimeOffset started) => new(new ClaimsIdentity(
        [
            new SecurityClaim(ClaimTypes.Name, $"key:{fingerprint}"),
            new SecurityClaim(FingerprintClaim, fingerprint),
            new SecurityClaim(SessionClaim, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))),
            new SecurityClaim(StartedClaim, started.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName));

    /// <summary>The session's id and its absolute end, or null for a principal that is not a whole session.</summary>
    public static (string Id, DateTimeOffset Ends)? Session(ClaimsPrincipal user, TimeSpan lifetime) =>
        user.FindFirstValue(SessionClaim) is { Length: > 0 } id
        && long.TryParse(user.FindFirstValue(StartedClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var started)
            ? (id, DateTimeOffset.FromUnixTimeSeconds(started) + lifetime)
            : null;

    /// <summary>How services name a console user in their logs: <c>console:key:&lt;fingerprint&gt;</c>.</summary>
    public static string CallerName(ClaimsPrincipal user) => $"console:key:{user.FindFirstValue(FingerprintClaim)}";

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

    // The key must still be accepted, the session whole (a cookie from before sessions had ids is
    // refused), within its absolute lifetime, and not signed out.
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var ring = services.GetRequiredService<ApiKeyRing>();
        var lifetime = services.GetRequiredService<IOptions<ConsoleOptions>>().Value.SessionLifetime;
        if (context.Principal is not { } user
            || user.FindFirstValue(FingerprintClaim) is not { } fingerprint || !ring.Accepts(fingerprint)
            || Session(user, lifetime) is not { } session
            || services.GetRequiredService<TimeProvider>().GetUtcNow() >= session.Ends
            || await services.GetRequiredService<SessionRevocations>().IsRevokedAsync(session.Id, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
        }
    }
}
