using System.Text.Json;
using System.Text.Json.Nodes;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

public sealed class TokenPayloadParserTests
{
    [Fact]
    public void The_vendor_page_example_parses_into_every_field()
    {
        var result = TokenPayloadParser.Parse(VendorPayloads.PageExample, VendorPayloads.Uid);

        Assert.True(result.IsValid, result.Rejection?.ToString());
        var s = result.Snapshot;
        Assert.Equal("T3D6288", s.Uid);
        Assert.Equal(5, s.Status);
        Assert.Equal(DateTimeOffset.Parse("2023-06-13T07:05:53.747Z"), s.StatusUpdatedAt);
        Assert.False(s.Expired);
        Assert.Equal(DateTimeOffset.Parse("2023-07-13T07:01:31.061Z"), s.ExpiresAt);
        Assert.Equal(DateTimeOffset.Parse("2023-06-13T07:01:31.475Z"), s.CreatedAt);
        Assert.Equal(DateTimeOffset.Parse("2023-06-13T07:05:53.879Z"), s.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, s.StatusUpdatedAt!.Value.Offset);
        Assert.Equal("cD3BrVtuhh", s.InspectionId);
        Assert.Null(s.PercentDamage);
        Assert.Equal("iJgGBgndLi", s.VehicleId);
        Assert.Equal("jI33qU2Dz1", s.CustomerId);
        Assert.Equal("xNsqRXw9gn", s.CreatorUserId);
        Assert.Equal("lMIgFXXXXX", s.ApiTokenId);
        Assert.Equal(0, s.SendingType);
        Assert.Equal(
            new TokenOptions { ShootInspect = true, LoadTchek = true },
            s.Options);
    }

    [Fact]
    public void Unknown_fields_are_ignored_but_kept_in_the_stored_json()
    {
        var body = VendorPayloads.EditToken(t => t["somethingNew"] = new JsonObject { ["nested"] = 42 });

        var result = TokenPayloadParser.Parse(body, VendorPayloads.Uid);

        Assert.True(result.IsValid);
        using var kept = JsonDocument.Parse(result.Snapshot.TokenJson);
        Assert.Equal(42, kept.RootElement.GetProperty("somethingNew").GetProperty("nested").GetInt32());
        Assert.Equal("T3D6288-pwa", kept.RootElement.GetProperty("deviceId").GetString());
    }

    [Fact]
    public void A_stored_token_object_parses_back_into_the_same_facts()
    {
        var first = TokenPayloadParser.Parse(VendorPayloads.PageExample, VendorPayloads.Uid).Snapshot!;
        using var stored = JsonDocument.Parse(first.TokenJson);

        var again = TokenPayloadParser.ParseToken(stored.RootElement, VendorPayloads.Uid);

        Assert.True(again.IsValid);
        Assert.Equal(first, again.Snapshot);
    }

    [Fact]
    public void Percent_damage_is_read_as_a_decimal()
    {
        var body = VendorPayloads.EditToken(t => t["tchekPtr"]!["percentDamage"] = 12.75m);

        Assert.Equal(12.75m, TokenPayloadParser.Parse(body, VendorPayloads.Uid).Snapshot!.PercentDamage);
    }

    [Fact]
    public void Absent_optional_fields_read_as_null_or_false()
    {
        var body = """{ "token": { "uid": "T3D6288", "tradeinStatus": 0 } }""";

        var s = TokenPayloadParser.Parse(body, VendorPayloads.Uid).Snapshot!;

        Assert.Equal(0, s.Status);
        Assert.False(s.Expired);
        Assert.Null(s.StatusUpdatedAt);
        Assert.Null(s.ExpiresAt);
        Assert.Null(s.InspectionId);
        Assert.Null(s.PercentDamage);
        Assert.Null(s.VehicleId);
        Assert.Null(s.Options);
    }

    [Fact]
    public void Null_pointers_read_as_absent_ids()
    {
        var body = VendorPayloads.EditToken(t =>
        {
            t["tchekPtr"] = null;
            t["vehiclePtr"] = new JsonObject { ["id"] = null };
        });

        var s = TokenPayloadParser.Parse(body, VendorPayloads.Uid).Snapshot!;

        Assert.Null(s.InspectionId);
        Assert.Null(s.PercentDamage);
        Assert.Null(s.VehicleId);
        Assert.Equal("jI33qU2Dz1", s.CustomerId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    public void Every_defined_status_is_accepted(int status)
    {
        var body = VendorPayloads.EditToken(t => t["tradeinStatus"] = status);

        Assert.Equal(status, TokenPayloadParser.Parse(body, VendorPayloads.Uid).Snapshot!.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(null)]
    public void Every_defined_sending_type_and_none_are_accepted(int? sendingType)
    {
        var body = VendorPayloads.EditToken(t => t["sendingType"] = sendingType);

        Assert.Equal(sendingType, TokenPayloadParser.Parse(body, VendorPayloads.Uid).Snapshot!.SendingType);
    }

    [Fact]
    public void A_sending_type_outside_the_vendors_codes_is_refused_and_named_in_the_reason()
    {
        var result = TokenPayloadParser.Parse(VendorPayloads.EditToken(t => t["sendingType"] = 3), VendorPayloads.Uid);

        Assert.False(result.IsValid);
        Assert.Null(result.Snapshot);
        Assert.Equal(PayloadRejectionKind.MalformedField, result.Rejection.Kind);
        Assert.Equal("\"token.sendingType\" is 3, outside 0..2", result.Rejection.Reason);
    }

    public static TheoryData<string, string, string> InvalidPayloads() => new()
    {
        { "empty body", "", nameof(PayloadRejectionKind.NotJson) },
        { "HTML error page", "<html><body>502 Bad Gateway</body></html>", nameof(PayloadRejectionKind.NotJson) },
        { "truncated JSON", VendorPayloads.PageExample[..200], nameof(PayloadRejectionKind.NotJson) },
        { "nested past the depth limit", new string('[', 100) + new string(']', 100), nameof(PayloadRejectionKind.NotJson) },
        { "no token", """{ "webApiVersion": "v2" }""", nameof(PayloadRejectionKind.MissingToken) },
        { "token null", """{ "token": null }""", nameof(PayloadRejectionKind.MissingToken) },
        { "token is an array", """{ "token": [] }""", nameof(PayloadRejectionKind.MissingToken) },
        { "body is an array", "[]", nameof(PayloadRejectionKind.MissingToken) },
        { "no uid", VendorPayloads.EditToken(t => t.Remove("uid")), nameof(PayloadRejectionKind.MissingUid) },
        { "uid null", VendorPayloads.EditToken(t => t["uid"] = null), nameof(PayloadRejectionKind.MissingUid) },
        { "uid empty", VendorPayloads.EditToken(t => t["uid"] = ""), nameof(PayloadRejectionKind.MissingUid) },
        { "uid of another token", VendorPayloads.EditToken(t => t["uid"] = "T0F3DF9"), nameof(PayloadRejectionKind.UidMismatch) },
        { "uid differing in case", VendorPayloads.EditToken(t => t["uid"] = "t3d6288"), nameof(PayloadRejectionKind.UidMismatch) },
        { "no status", VendorPayloads.EditToken(t => t.Remove("tradeinStatus")), nameof(PayloadRejectionKind.MissingStatus) },
        { "status null", VendorPayloads.EditToken(t => t["tradeinStatus"] = null), nameof(PayloadRejectionKind.MissingStatus) },
        { "status 7", VendorPayloads.EditToken(t => t["tradeinStatus"] = 7), nameof(PayloadRejectionKind.StatusOutOfRange) },
        { "status -1", VendorPayloads.EditToken(t => t["tradeinStatus"] = -1), nameof(PayloadRejectionKind.StatusOutOfRange) },
        { "status huge", VendorPayloads.EditToken(t => t["tradeinStatus"] = long.MaxValue), nameof(PayloadRejectionKind.StatusOutOfRange) },
        { "status as a string", VendorPayloads.EditToken(t => t["tradeinStatus"] = "3"), nameof(PayloadRejectionKind.MalformedField) },
        { "status fractional", VendorPayloads.EditToken(t => t["tradeinStatus"] = 2.5), nameof(PayloadRejectionKind.MalformedField) },
        { "uid a number", VendorPayloads.EditToken(t => t["uid"] = 6288), nameof(PayloadRejectionKind.MalformedField) },
        { "expired a string", VendorPayloads.EditToken(t => t["expired"] = "yes"), nameof(PayloadRejectionKind.MalformedField) },
        { "timestamp not a date", VendorPayloads.EditToken(t => t["tradeinStatusUpdatedAt"] = "yesterday"), nameof(PayloadRejectionKind.MalformedField) },
        { "expiry a number", VendorPayloads.EditToken(t => t["expiresIn"] = 1700000000), nameof(PayloadRejectionKind.MalformedField) },
        { "pointer a string", VendorPayloads.EditToken(t => t["tchekPtr"] = "cD3BrVtuhh"), nameof(PayloadRejectionKind.MalformedField) },
        { "pointer id a number", VendorPayloads.EditToken(t => t["customerPtr"]!["id"] = 12), nameof(PayloadRejectionKind.MalformedField) },
        { "damage a string", VendorPayloads.EditToken(t => t["tchekPtr"]!["percentDamage"] = "12%"), nameof(PayloadRejectionKind.MalformedField) },
        { "sending type 3", VendorPayloads.EditToken(t => t["sendingType"] = 3), nameof(PayloadRejectionKind.MalformedField) },
        { "sending type -1", VendorPayloads.EditToken(t => t["sendingType"] = -1), nameof(PayloadRejectionKind.MalformedField) },
        { "sending type a string", VendorPayloads.EditToken(t => t["sendingType"] = "0"), nameof(PayloadRejectionKind.MalformedField) },
        { "option not a boolean", VendorPayloads.EditToken(t => t["options"]!["report"] = 1), nameof(PayloadRejectionKind.MalformedField) },
        { "NUL in a field we read", VendorPayloads.EditToken(t => t["customerPtr"]!["id"] = "jI33\0qU2Dz1"), nameof(PayloadRejectionKind.Unstorable) },
        { "NUL in a field we ignore", VendorPayloads.EditToken(t => t["note"] = "call back\0"), nameof(PayloadRejectionKind.Unstorable) },
        { "NUL in a nested array", VendorPayloads.EditToken(t => t["tags"] = new System.Text.Json.Nodes.JsonArray("a", "b\0")), nameof(PayloadRejectionKind.Unstorable) },
        { "NUL in a property name", VendorPayloads.EditToken(t => t["no\0te"] = 1), nameof(PayloadRejectionKind.Unstorable) },
        { "a lone high surrogate", VendorPayloads.PageExample.Replace("zH10GzxInV", "zH10\\ud800GzxInV", StringComparison.Ordinal), nameof(PayloadRejectionKind.Unstorable) },
        { "a lone low surrogate", VendorPayloads.PageExample.Replace("zH10GzxInV", "zH10\\udc00GzxInV", StringComparison.Ordinal), nameof(PayloadRejectionKind.Unstorable) },
        { "a high surrogate at the end", VendorPayloads.PageExample.Replace("zH10GzxInV", "zH10GzxInV\\uD83D", StringComparison.Ordinal), nameof(PayloadRejectionKind.Unstorable) },
    };

    public static TheoryData<string, string> StorableEscapes() => new()
    {
        { "an escaped pair", VendorPayloads.PageExample.Replace("zH10GzxInV", "zH10\\ud83d\\ude00", StringComparison.Ordinal) },
        { "a backslash before u0000", VendorPayloads.PageExample.Replace("zH10GzxInV", "zH10\\\\u0000", StringComparison.Ordinal) },
        { "other escapes", VendorPayloads.PageExample.Replace("zH10GzxInV", "zH10\\u00e9\\n\\t", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(StorableEscapes))]
    public void Escapes_the_database_can_store_are_accepted(string name, string body)
    {
        Assert.True(TokenPayloadParser.Parse(body, VendorPayloads.Uid).IsValid, name);
    }

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public void Invalid_payloads_are_rejected_with_their_kind_and_a_reason(string name, string body, string kind)
    {
        var result = TokenPayloadParser.Parse(body, VendorPayloads.Uid);

        Assert.False(result.IsValid, name);
        Assert.Null(result.Snapshot);
        Assert.Equal(kind, result.Rejection.Kind.ToString());
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Reason));
    }

    [Fact]
    public void A_rejection_reason_quotes_no_long_upstream_value()
    {
        var longUid = new string('X', 5000);
        var body = VendorPayloads.EditToken(t => t["uid"] = longUid);

        var rejection = TokenPayloadParser.Parse(body, VendorPayloads.Uid).Rejection!;

        Assert.Equal(PayloadRejectionKind.UidMismatch, rejection.Kind);
        Assert.True(rejection.Reason.Length < 200, rejection.Reason);
    }

    [Fact]
    public void A_mismatch_reason_names_both_uids()
    {
        var body = VendorPayloads.EditToken(t => t["uid"] = "T0F3DF9");

        var reason = TokenPayloadParser.Parse(body, VendorPayloads.Uid).Rejection!.Reason;

        Assert.Contains("T3D6288", reason, StringComparison.Ordinal);
        Assert.Contains("T0F3DF9", reason, StringComparison.Ordinal);
    }
}
