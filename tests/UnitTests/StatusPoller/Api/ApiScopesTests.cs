using Tchek.Events.StatusPoller.Api.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Api;

/// <summary>Scopes: parsed from a comma-separated list, each granted by itself or by admin.</summary>
public sealed class ApiScopesTests
{
    [Theory]
    [InlineData("read,track", "read track", "")]
    [InlineData(" Read , TRACK ,read", "read track", "")]
    [InlineData("read;erase replay", "read erase replay", "")]
    [InlineData("read,write", "read", "write")]
    [InlineData("", "", "")]
    [InlineData(null, "", "")]
    public void A_list_parses_to_known_scopes_and_the_rest(string? list, string scopes, string unknown)
    {
        var parsed = ApiScopes.Parse(list);

        Assert.Equal(scopes, string.Join(' ', parsed.Scopes));
        Assert.Equal(unknown, string.Join(' ', parsed.Unknown));
    }

    public static TheoryData<string[], string, bool> Grants() => new()
    {
        { ["read"], "read", true },
        { ["read"], "track", false },
        { ["track", "replay"], "replay", true },
        { ["track", "replay"], "erase", false },
        { ["admin"], "erase", true },
        { ["admin"], "admin", true },
        { ["read", "track", "replay", "erase"], "admin", false },
        { [], "read", false },
        { ["READ"], "read", false },
    };

    [Theory]
    [MemberData(nameof(Grants))]
    public void A_scope_is_granted_by_itself_or_admin(string[] held, string needed, bool granted)
    {
        Assert.Equal(granted, ApiScopes.Grants(held, needed));
    }

    [Fact]
    public void Policies_are_named_scope_colon_name()
    {
        Assert.Equal(["scope:read", "scope:track", "scope:replay", "scope:erase", "scope:admin"], ApiScopes.All.Select(ApiScopes.Policy));
    }
}
