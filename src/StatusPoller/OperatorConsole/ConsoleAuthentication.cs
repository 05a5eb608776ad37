using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
// A bare Claim would name the poller's Claim stage (namespace Tchek.Events.StatusPoller.Claim).
using SecurityClaim = System.Security.Claims.Claim;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// The console's cookie session: the key's fingerprint, never the key, checked in <see cref="ApiKeyRing"/>
/// on each request so a removed key ends it; sign-out revokes it everywhere (<see cref="SessionRevocations"/>).
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
            cookie.Events.OnRedirectToAccessDenied = ConsoleForbidden.WriteAsync;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// The principal of a new session opened at <paramref name="started"/> by <paramref name="caller"/>'s
    /// key, under a fresh random session id.
    /// </summary>
    public static ClaimsPrincipal Principal(ApiCaller caller, DateTimeOffset started) =>
        Principal(caller, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), started.ToUnixTimeSeconds());

    /// <summary>The session's id, start (Unix seconds) and absolute end, or null for a principal that is not a whole session.</summary>
    public static (string Id, long Started, DateTimeOffset Ends)? Session(ClaimsPrincipal user, TimeSpan lifetime) =>
        user.FindFirstValue(SessionClaim) is { Length: > 0 } id
        && long.TryParse(user.FindFirstValue(StartedClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var started)
            ? (id, started, DateTimeOffset.FromUnixTimeSeconds(started) + lifetime)
            : null;

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

    // The key must still be accepted, the session whole (a cookie from before sessions had ids is
    // refused), within its absolute lifetime, and not signed out.
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var lifetime = services.GetRequiredService<IOptions<ConsoleOptions>>().Value.SessionLifetime;
        if (context.Principal is not { } user
            || user.FindFirstValue(FingerprintClaim) is not { } fingerprint
            || services.GetRequiredService<ApiKeyRing>().Find(fingerprint) is not { } caller
            || Session(user, lifetime) is not { } session
            || services.GetRequiredService<TimeProvider>().GetUtcNow() >= session.Ends
            || await services.GetRequiredService<SessionRevocations>().IsRevokedAsync(session.Id, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }

        // The key's current name and scopes, not those it had at sign-in; the same session (a renewed
        // cookie keeps its id and start).
        context.ReplacePrincipal(Principal(caller, session.Id, session.Started));
    }

    // Name, scopes and fingerprint from the key; session id and start from the cookie.
    private static ClaimsPrincipal Principal(ApiCaller caller, string sessionId, long startedUnixSeconds) => new(new ClaimsIdentity(
        caller.Claims().Concat(
        [
            new SecurityClaim(FingerprintClaim, caller.Fingerprint),
            new SecurityClaim(SessionClaim, sessionId),
            new SecurityClaim(StartedClaim, startedUnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]), SchemeName));
}
