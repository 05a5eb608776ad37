using System.Buffers.Text;
using System.Text;
using Tchek.Events.StatusPoller.Api;
using Tchek.Events.StatusPoller.Api.Rules;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.UnitTests.StatusPoller.Api;

/// <summary><c>GET /tokens</c>'s query: each bad parameter is named with its rule; good ones become the filter.</summary>
public sealed class TokenListValidationTests
{
    [Fact]
    public void No_parameter_is_the_first_page_of_every_token_at_the_default_limit()
    {
        var errors = RequestValidation.TokenList(null, null, null, null, null, null, out var filter);

        Assert.Empty(errors);
        Assert.Equal(new(Limit: RequestValidation.DefaultListLimit), filter);
    }

    [Theory]
    [InlineData("tracking", false)]
    [InlineData("Tracking", false)]
    [InlineData("active", false)]
    [InlineData("Active", false)]
    [InlineData("STOPPED", true)]
    public void A_state_is_tracking_or_stopped_in_any_case(string state, bool stopped)
    {
        Assert.Empty(RequestValidation.TokenList(state, null, null, null, null, null, out var filter));
        Assert.Equal(stopped ? TrackingPhase.Stopped : TrackingPhase.Active, filter.State);
    }

    [Theory]
    [InlineData("2026-01-31T08:00:00Z", "2026-01-31T08:00:00+00:00")]
    [InlineData("2026-01-31T08:00:00.1234567Z", "2026-01-31T08:00:00.1234567+00:00")]
    [InlineData("2026-01-31T10:00:00+02:00", "2026-01-31T08:00:00+00:00")]
    [InlineData("2026-01-31T03:30:00.5-04:30", "2026-01-31T08:00:00.5+00:00")]
    public void UpdatedSince_is_an_instant_with_its_offset(string text, string instant)
    {
        Assert.Empty(RequestValidation.TokenList(null, null, null, text, null, null, out var filter));
        Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), filter.UpdatedSince);
        // In UTC: PostgreSQL's timestamptz takes no other offset from Npgsql.
        Assert.Equal(TimeSpan.Zero, filter.UpdatedSince!.Value.Offset);
    }

    [Fact]
    public void Every_filter_given_is_in_the_filter_and_the_cursor_gives_the_uid_to_continue_after()
    {
        var cursor = TokenCursor.Encode("T3D6288");

        Assert.Empty(RequestValidation.TokenList("stopped", "6", "lead-42", "2026-01-31T08:00:00Z", "1000", cursor, out var filter));

        Assert.Equal(new(TrackingPhase.Stopped, 6, "lead-42", new DateTimeOffset(2026, 1, 31, 8, 0, 0, TimeSpan.Zero), "T3D6288", 1000), filter);
    }

    public static TheoryData<string, string?, string?, string?, string?, string?, string?> BadQueries() => new()
    {
        // field, state, status, externalReference, updatedSince, limit, cursor
        { "state", "paused", null, null, null, null, null },
        { "state", "", null, null, null, null, null },
        { "status", null, "7", null, null, null, null },
        { "status", null, "-1", null, null, null, null },
        { "status", null, "two", null, null, null, null },
        { "status", null, " 2", null, null, null, null },
        { "externalReference", null, null, "", null, null, null },
        { "externalReference", null, null, new string('r', 257), null, null, null },
        { "externalReference", null, null, "lead\0", null, null, null },
        { "updatedSince", null, null, null, "2026-01-31", null, null },
        { "updatedSince", null, null, null, "2026-01-31T08:00:00", null, null },
        { "updatedSince", null, null, null, "31/01/2026 08:00:00 +00:00", null, null },
        { "updatedSince", null, null, null, "yesterday", null, null },
        { "limit", null, null, null, null, "0", null },
        { "limit", null, null, null, null, "1001", null },
        { "limit", null, null, null, null, "-5", null },
        { "limit", null, null, null, null, "ten", null },
        { "limit", null, null, null, null, "99999999999", null },
        { "cursor", null, null, null, null, null, "" },
        { "cursor", null, null, null, null, null, "not a cursor!" },
        { "cursor", null, null, null, null, null, "VDNENjI4OA" }, // base64url of a bare uid: no version prefix
        { "cursor", null, null, null, null, null, Base64Url.EncodeToString(Encoding.UTF8.GetBytes("u1:bad uid")) },
        { "cursor", null, null, null, null, null, Base64Url.EncodeToString([0x75, 0x31, 0x3a, 0xff, 0xfe]) },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public void A_bad_parameter_is_named_with_its_rule(string field, string? state, string? status, string? reference, string? since, string? limit, string? cursor)
    {
        var errors = RequestValidation.TokenList(state, status, reference, since, limit, cursor, out _);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Key);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(error.Value)));
    }

    [Fact]
    public void Every_bad_parameter_is_named_at_once()
    {
        var errors = RequestValidation.TokenList("paused", "9", "", "today", "0", "junk", out _);

        Assert.Equal(["cursor", "externalReference", "limit", "state", "status", "updatedSince"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("T3D6288")]
    [InlineData("abc")]
    [InlineData("Z012345678901234567890123456789012345678901234567890123456789012")]
    public void A_cursor_gives_back_the_uid_it_was_made_from(string uid)
    {
        var cursor = TokenCursor.Encode(uid);

        Assert.Equal(uid, TokenCursor.Decode(cursor));
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
    }
}
