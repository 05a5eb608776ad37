using System.Globalization;
using System.Net;
using System.Text.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary><c>GET /tokens</c> over the real host and database: filters, pages, bounds, the key.</summary>
[Collection("services")]
public sealed class TokenListTests(ServicesFixture services) : PollerTestBase(services)
{
    // A fixed instant, so theory data means the same at discovery and at run (retention is raised to keep these rows).
    private static readonly DateTimeOffset Base = new(2026, 1, 31, 8, 0, 0, TimeSpan.Zero);

    private PollerApp _app = null!;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        // Nothing is due (the rows below are due tomorrow): the poller leaves them as written.
        _app = StartApp(new Dictionary<string, string?> { ["Polling:IdleDelay"] = "00:01:00", ["Tracking:StoppedRetention"] = "3650.00:00:00" });
        await EventuallyAsync(async () => await ScalarAsync<bool>("SELECT to_regclass('ix_tracked_tokens_updated') IS NOT NULL"), "the migration");
    }

    public static TheoryData<string, string[]> Filters() => new()
    {
        { "", ["LA1", "LA2", "LA3", "LS1", "LS2"] },
        { "state=tracking", ["LA1", "LA2", "LA3"] },
        { "state=Active", ["LA1", "LA2", "LA3"] },
        { "state=stopped", ["LS1", "LS2"] },
        { "status=5", ["LS1"] },
        { "status=0", [] },
        { "externalReference=lead-1", ["LA1", "LS1"] },
        { "externalReference=lead-", [] },
        { $"updatedSince={Instant(Base.AddHours(2))}", ["LA3", "LS1", "LS2"] },
        // Inclusive, and the same instant written with another offset.
        { $"updatedSince={Uri.EscapeDataString(Base.AddHours(1).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))}", ["LA2", "LA3", "LS1", "LS2"] },
        { $"updatedSince={Instant(Base.AddHours(4).AddSeconds(1))}", [] },
        { "state=stopped&externalReference=lead-1", ["LS1"] },
        { $"state=tracking&status=2&updatedSince={Instant(Base)}", ["LA2"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Each_filter_returns_exactly_its_tokens_in_uid_order(string query, string[] expected)
    {
        await SeedFiveAsync();
        using var api = _app.CreateApiClient();

        using var page = await GetPageAsync(api, "/tokens?" + query);

        Assert.Equal(expected, Uids(page));
        Assert.Equal(JsonValueKind.Null, page.RootElement.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task An_item_has_the_shape_of_the_token_read_alone()
    {
        await SeedFiveAsync();
        using var api = _app.CreateApiClient();

        using var page = await GetPageAsync(api, "/tokens?externalReference=lead-2");
        using var alone = JsonDocument.Parse(await api.GetStringAsync("/tokens/LA2"));

        var item = Assert.Single(page.RootElement.GetProperty("items").EnumerateArray());
        Assert.True(JsonElement.DeepEquals(alone.RootElement, item), $"{item}\n{alone.RootElement}");
        Assert.Equal("Active", item.GetProperty("state").GetString());
        Assert.Equal(2, item.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Pages_walk_every_token_exactly_once_even_with_equal_keys_and_rows_changing_under_the_walk()
    {
        // 257 tokens alike in every column but their uid, which differ in case only in pairs
        // (Pa0001 and PA0001): whatever the collation orders first, the cursor continues after it.
        await ExecuteAsync("""
            INSERT INTO tracked_tokens (uid, external_reference, state, status, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT CASE WHEN i % 2 = 0 THEN 'Pa' ELSE 'PA' END || lpad((i / 2)::text, 4, '0'), 'same', 0, 1, 1, 1, false, @due, 0, 0, @at, @at
            FROM generate_series(0, 256) AS i
            """, ("due", DateTimeOffset.UtcNow.AddDays(1)), ("at", Base));
        using var api = _app.CreateApiClient();

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            using var page = await GetPageAsync(api, "/tokens?externalReference=same&limit=10" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(Uids(page));
            cursor = page.RootElement.GetProperty("nextCursor").GetString();
            pages++;
            if (pages == 3)
            {
                // Polls move updated_at and status under a walk; uid order does not move.
                await ExecuteAsync("UPDATE tracked_tokens SET updated_at = now(), status = 2");
            }
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(26, pages);
        Assert.Equal(257, seen.Count);
        Assert.Equal(257, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(await UidsInDatabaseOrderAsync(), seen);
    }

    [Fact]
    public async Task The_default_page_is_100_and_a_limit_of_1_to_1000_is_honoured()
    {
        await ExecuteAsync("""
            INSERT INTO tracked_tokens (uid, state, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
            SELECT 'B' || lpad(i::text, 5, '0'), 0, 0, 0, false, @due, 0, 0, now(), now() FROM generate_series(1, 1001) AS i
            """, ("due", DateTimeOffset.UtcNow.AddDays(1)));
        using var api = _app.CreateApiClient();

        using var first = await GetPageAsync(api, "/tokens");
        using var one = await GetPageAsync(api, "/tokens?limit=1");
        using var most = await GetPageAsync(api, "/tokens?limit=1000");
        using var last = await GetPageAsync(api, "/tokens?limit=1000&cursor=" + most.RootElement.GetProperty("nextCursor").GetString());

        Assert.Equal(100, Uids(first).Count);
        Assert.Equal(["B00001"], Uids(one));
        Assert.Equal(1000, Uids(most).Count);
        Assert.Equal(["B01001"], Uids(last));
        Assert.Equal(JsonValueKind.Null, last.RootElement.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("cursor=bm90IG91cnM", "cursor")]
    [InlineData("cursor=%2F%2F%2F", "cursor")]
    [InlineData("state=paused", "state")]
    [InlineData("status=7", "status")]
    [InlineData("status=x", "status")]
    [InlineData("updatedSince=2026-01-31T08:00:00", "updatedSince")]
    [InlineData("updatedSince=yesterday", "updatedSince")]
    [InlineData("externalReference=lead%00", "externalReference")]
    public async Task A_bad_parameter_is_a_400_problem_that_names_it(string query, string field)
    {
        await SeedFiveAsync();
        var before = await ScalarAsync<string>("SELECT md5(string_agg(t::text, '' ORDER BY uid)) FROM tracked_tokens t");
        using var api = _app.CreateApiClient();

        var response = await api.GetAsync("/tokens?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await ScalarAsync<string>("SELECT md5(string_agg(t::text, '' ORDER BY uid)) FROM tracked_tokens t"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Listing_needs_the_api_key(string? key)
    {
        await SeedFiveAsync();
        using var client = _app.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var response = await client.GetAsync("/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("LA1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Three tracked and two stopped tokens, an hour apart from <see cref="Base"/>.</summary>
    private Task SeedFiveAsync() => ExecuteAsync("""
        INSERT INTO tracked_tokens (uid, external_reference, state, status, progress, last_sequence, expired, next_poll_at, failure_count, lease_version, created_at, updated_at)
        VALUES ('LA1', 'lead-1', 0, 1,    1, 2, false, @due, 0, 0, @base, @base),
               ('LA2', 'lead-2', 0, 2,    2, 3, false, @due, 0, 0, @base, @base + interval '1 hour'),
               ('LA3', NULL,     0, NULL, 0, 1, false, @due, 0, 0, @base, @base + interval '2 hours'),
               ('LS1', 'lead-1', 1, 5,    5, 7, false, NULL, 0, 0, @base, @base + interval '3 hours'),
               ('LS2', NULL,     1, 6,    3, 5, false, NULL, 0, 0, @base, @base + interval '4 hours')
        """, ("due", DateTimeOffset.UtcNow.AddDays(1)), ("base", Base));

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<JsonDocument> GetPageAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static List<string> Uids(JsonDocument page) =>
        [.. page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("uid").GetString()!)];

    private async Task<List<string>> UidsInDatabaseOrderAsync()
    {
        var all = await ScalarAsync<string[]>("SELECT array_agg(uid ORDER BY uid) FROM tracked_tokens");
        return [.. all];
    }
}
