using System.Security.Claims;
// A bare Claim would name the poller's Claim stage (namespace Tchek.Events.StatusPoller.Claim).
using SecurityClaim = System.Security.Claims.Claim;

namespace Tchek.Events.StatusPoller.Api;

/// <summary>
/// A caller a key identifies: its name (<c>Api:Clients:&lt;name&gt;</c>, or <c>key:&lt;fingerprint&gt;</c>
/// for a deprecated <c>Api:Keys</c> entry), its key's fingerprint and its scopes. Never the key.
/// </summary>
internal sealed record ApiCaller(string Name, string Fingerprint, IReadOnlyList<string> Scopes)
{
    /// <summary>The claims of a principal for this caller: <see cref="ClaimTypes.Name"/> and one per scope.</summary>
    public IEnumerable<SecurityClaim> Claims() =>
        Scopes.Select(scope => new SecurityClaim(ApiScopes.ClaimType, scope)).Prepend(new SecurityClaim(ClaimTypes.Name, Name));
}
