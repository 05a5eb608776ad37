using System.Security.Claims;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// What the signed-in key's scopes allow, so pages offer only the links and actions it may use. The
/// pages' own policies still decide (<see cref="OperatorConsoleExtensions"/>): this only hides doors.
/// </summary>
internal static class ConsoleScopes
{
    public static bool Allows(ClaimsPrincipal user, string scope) =>
        ApiScopes.Grants(user.FindAll(ApiScopes.ClaimType).Select(claim => claim.Value), scope);

    /// <summary>Where a session starts when sign-in names no other page: the overview, or tracking for a key that may track but not read.</summary>
    public static string Home(IReadOnlyList<string> scopes) =>
        !ApiScopes.Grants(scopes, ApiScopes.Read) && ApiScopes.Grants(scopes, ApiScopes.Track)
            ? OperatorConsoleExtensions.PathPrefix + "/track"
            : OperatorConsoleExtensions.PathPrefix;
}
