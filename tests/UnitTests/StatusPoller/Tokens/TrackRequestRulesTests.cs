using Tchek.Events.StatusPoller.Tokens.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Tokens;

/// <summary>The rules a track request obeys, shared by <c>POST /tokens</c> and the <c>TrackToken</c> command.</summary>
public sealed class TrackRequestRulesTests
{
    public static TheoryData<string, string?, string?, Dictionary<string, string>?, string> Requests() => new()
    {
        { "all valid", "T3D6288", "lead-1", new() { ["dealer"] = "lyon" }, "" },
        { "only a uid", "T3D6288", null, null, "" },
        { "limits reached, not passed", "T3D6288", new string('r', 256), Enumerable.Range(0, 32).ToDictionary(i => $"{i}".PadLeft(64, 'k'), _ => new string('v', 512)), "" },
        { "a bad uid", "T3D6288-pwa", null, null, "uid" },
        { "a uid with a trailing newline", "T3D6288\n", null, null, "uid" },
        { "a uid with a trailing CR LF", "T3D6288\r\n", null, null, "uid" },
        { "a uid with a leading newline", "\nT3D6288", null, null, "uid" },
        { "a uid with a trailing space", "T3D6288 ", null, null, "uid" },
        { "a reference too long", "T3D6288", new string('r', 257), null, "externalReference" },
        { "a NUL in the reference", "T3D6288", "lead\0", null, "externalReference" },
        { "too many entries", "T3D6288", null, Enumerable.Range(0, 33).ToDictionary(i => $"k{i}", _ => "v"), "metadata" },
        { "an empty key", "T3D6288", null, new() { [""] = "v" }, "metadata" },
        { "a key too long", "T3D6288", null, new() { [new string('k', 65)] = "v" }, "metadata" },
        { "a NUL in a key", "T3D6288", null, new() { ["k\0"] = "v" }, "metadata" },
        { "a null value", "T3D6288", null, new() { ["k"] = null! }, "metadata" },
        { "a value too long", "T3D6288", null, new() { ["k"] = new string('v', 513) }, "metadata" },
        { "a NUL in a value", "T3D6288", null, new() { ["k"] = "\0" }, "metadata" },
        { "everything wrong", null, new string('r', 257), new() { ["k"] = null! }, "uid externalReference metadata" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Each_broken_field_is_named_with_its_rule(string name, string? uid, string? reference, Dictionary<string, string>? metadata, string fields)
    {
        var broken = TrackRequestRules.Broken(uid, reference, metadata).ToList();

        Assert.True(fields == string.Join(' ', broken.Select(b => b.Field)), name);
        Assert.All(broken, b => Assert.False(string.IsNullOrWhiteSpace(b.Rule)));
    }

    [Theory]
    [InlineData("T3D6288", true)]
    [InlineData("abc", true)]
    [InlineData("ab", false)]
    [InlineData("T3D6288\n", false)]
    [InlineData("T3D6288\r", false)]
    [InlineData("T3D6288\t", false)]
    [InlineData("T3D6288\u2028", false)]
    [InlineData("T3D6288\n\n", false)]
    public void A_uid_matches_the_rule_whole(string uid, bool valid) => Assert.Equal(valid, TokenUids.IsValid(uid));
}
