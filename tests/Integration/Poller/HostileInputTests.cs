using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Xunit.Abstractions;
using static Tchek.Events.IntegrationTests.Poller.Support.Answers;
using static Tchek.Events.IntegrationTests.Poller.Support.Requests;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// Hostile input to the HTTP API: fuzzed bodies, uids and queries, oversized bodies, wrong content
/// types and keys, replayed requests. Each gets a clear 4xx (a replay, the answer it got the first
/// time) and the stored state stays byte-identical, checked after every request.
/// </summary>
[Collection("services")]
public sealed class HostileInputTests(ServicesFixture services, ITestOutputHelper output) : HostileInputTestBase(services, output)
{
    private const string ApiKey = PollerSettings.ApiKey;

    public static TheoryData<string, int> BodyRoutes() => new() { { "/tokens", 300 }, { "/tokens/batch", 200 }, { "/events/replay", 150 } };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Fuzzed_bodies_are_refused_with_a_4xx_problem_and_change_nothing(string route, int count)
    {
        var input = new HostileInput(FuzzSeed);
        var bodies = Enumerable.Range(0, count).Select(_ => route switch
        {
            "/tokens" => input.TrackBody(),
            "/tokens/batch" => input.BatchBody(MaxBatchSize),
            _ => input.ReplayBody(),
        }).ToList();

        await SendAllAsync(bodies.Select(b => new HostileRequest(b.Name, () => Post(route, Json(b.Bytes)))));
    }

    [Fact]
    public async Task A_uid_with_a_trailing_newline_or_blank_is_refused_everywhere_and_stores_nothing()
    {
        var requests = HostileInput.TrailingBlanks.SelectMany(blank =>
        {
            var fresh = new HostileInput(FuzzSeed).FreshUid() + blank;
            // Near misses of a stored token too: a server that trimmed them would act on the real one.
            var stored = Seeded.Active + blank;
            var name = HostileInput.Printable(blank);
            return new[]
            {
                new HostileRequest($"POST /tokens uid + {name}", () => Post("/tokens", Json(TrackJson(fresh)))),
                new HostileRequest($"POST /tokens/batch uid + {name}", () => Post("/tokens/batch", Json($"{{\"tokens\":[{TrackJson(fresh)}]}}"))),
                new HostileRequest($"POST /events/replay tokenUid + {name}", () => Post("/events/replay", Json($"{{\"tokenUid\":{System.Text.Json.JsonSerializer.Serialize(stored)}}}"))),
            }.Concat(new[] { "/tokens/{0}", "/tokens/{0}/events", "DELETE /tokens/{0}", "POST /tokens/{0}/replay", "POST /tokens/{0}/erase" }
                .Select(route => new HostileRequest($"{route} with uid + {name}", () => PathRequest(route, stored))));
        });

        await SendAllAsync(requests);
    }

    private static string TrackJson(string uid) => $"{{\"uid\":{System.Text.Json.JsonSerializer.Serialize(uid)}}}";

    [Fact]
    public async Task Fuzzed_uids_in_paths_and_bad_replay_queries_are_refused_with_a_4xx_and_change_nothing()
    {
        var input = new HostileInput(FuzzSeed);
        var known = Seeded.All;
        // Half are near misses of stored uids: a server that trimmed or normalised them would act on a real token.
        var uids = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? input.BadUid() : input.BadUidLike(input.Pick(known))).ToList();
        var paths = uids.SelectMany(uid => new[] { "/tokens/{0}", "/tokens/{0}/events", "DELETE /tokens/{0}", "POST /tokens/{0}/replay", "POST /tokens/{0}/erase" }
            .Select(route => (Route: route, Uid: uid)))
            // An empty uid makes GET /tokens/: the list of tokens, rightly a 200 (TokenListTests).
            .Where(p => !(p.Route == "/tokens/{0}" && p.Uid.Length == 0));
        string[] badNumbers = ["-1", "0", "-9223372036854775808", "abc", "1.5", "1e3", "99999999999999999999", "0x10", "１", "NaN", "--1", "1,2", "%00", "true"];
        var queries = badNumbers.SelectMany(n => new[] { $"fromSequence={n}", $"toSequence={n}" })
            .Append("fromSequence=5&toSequence=2")
            .Append("fromSequence=1&fromSequence=2")
            .Select(query => new HostileRequest($"replay ?{query}", () => Post($"/tokens/{Seeded.Active}/replay?{query}", null)));
        var eventQueries = new[] { "after=abc", "after=1e3", "limit=0", "limit=1001", "limit=-1", "limit=abc", "limit=99999999999" }
            .Select(query => new HostileRequest($"events ?{query}", () => new HttpRequestMessage(HttpMethod.Get, $"/tokens/{Seeded.Active}/events?{query}")));

        await SendAllAsync(paths.Select(p => new HostileRequest($"{p.Route} with uid {HostileInput.Printable(p.Uid)}", () => PathRequest(p.Route, p.Uid)))
            .Concat(queries)
            .Concat(eventQueries));
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_with_413_or_400_and_change_nothing()
    {
        var fresh = NewUid();
        var megabytes = new string('r', 3 * 1024 * 1024);
        var manyTokens = string.Join(',', Enumerable.Range(0, 60_000).Select(i => $"{{\"uid\":\"F{i:D10}\"}}"));
        var manyEntries = string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"k{i}\":\"v\""));
        var overTheBatchLimit = string.Join(',', Enumerable.Range(0, 5 * MaxBatchSize).Select(i => $"{{\"uid\":\"F{i:D10}\"}}"));

        await SendAllAsync(
        [
            // Over Kestrel's 1 MiB, refused on the Content-Length before the body is sent.
            new("3 MB reference", () => ExpectingContinue(Post("/tokens", Json($$"""{"uid":"{{fresh}}","externalReference":"{{megabytes}}"}""")))),
            new("60,000 tokens in a batch", () => ExpectingContinue(Post("/tokens/batch", Json($$"""{"tokens":[{{manyTokens}}]}""")))),
            new("3 MB replay type", () => ExpectingContinue(Post("/events/replay", Json($$"""{"type":"{{megabytes}}"}""")))),
            // Under it, but over the API's own limits.
            new("900 KB reference", () => Post("/tokens", Json($$"""{"uid":"{{fresh}}","externalReference":"{{megabytes[..(900 * 1024)]}}"}"""))),
            new("20,000 metadata entries", () => Post("/tokens", Json($$$"""{"uid":"{{{fresh}}}","metadata":{{{{manyEntries}}}}}"""))),
            new("5,000 tokens in a batch", () => Post("/tokens/batch", Json($$"""{"tokens":[{{overTheBatchLimit}}]}"""))),
        ],
        AProblem(HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest));

        // Chunked, the size is only known by reading: refused at the limit, mid-body.
        using var client = App.CreateClient();
        var (status, head) = await RawHttp.PostChunkedAsync(client.BaseAddress!, "/tokens", ApiKey, $"{{\"uid\":\"{fresh}\",\"externalReference\":\"", 3 * 1024 * 1024);
        Assert.True(status == 413, head);
        Assert.Contains("application/problem+json", head, StringComparison.Ordinal);
        await AssertUnchangedAsync("a 3 MB chunked body");
    }

    [Fact]
    public async Task Wrong_content_types_are_refused_with_415_or_400_and_change_nothing()
    {
        var uid = NewUid();
        var routes = new (string Route, string Json)[]
        {
            ("/tokens", $$"""{"uid":"{{uid}}"}"""),
            ("/tokens/batch", $$"""{"tokens":[{"uid":"{{uid}}"}]}"""),
            ("/events/replay", $$"""{"tokenUid":"{{Seeded.Active}}"}"""),
        };
        var contentTypes = new (string Name, Func<string, HttpContent> Content)[]
        {
            ("text/plain", json => new StringContent(json, Encoding.UTF8, "text/plain")),
            ("text/json", json => new StringContent(json, Encoding.UTF8, "text/json")),
            ("text/html", json => new StringContent(json, Encoding.UTF8, "text/html")),
            ("application/xml", _ => new StringContent($"<token><uid>{uid}</uid></token>", Encoding.UTF8, "application/xml")),
            ("application/x-www-form-urlencoded", _ => new FormUrlEncodedContent([new("uid", uid), new("tokenUid", Seeded.Active)])),
            ("multipart/form-data", json => new MultipartFormDataContent { { new StringContent(json, Encoding.UTF8, "application/json"), "body" } }),
            ("application/octet-stream", json => WithType(json, "application/octet-stream")),
            ("no content type", json => new ByteArrayContent(Encoding.UTF8.GetBytes(json))),
            ("an unparsable content type", json => WithType(json, "json")),
            ("application/json with an unknown charset", json => WithType(json, "application/json; charset=klingon")),
            ("application/json with charset UTF-7", json => WithType(json, "application/json; charset=utf-7")),
        };

        await SendAllAsync(
            routes.SelectMany(r => contentTypes.Select(c => new HostileRequest($"{r.Route} as {c.Name}", () => Post(r.Route, c.Content(r.Json))))),
            AProblem(HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Missing_or_wrong_api_keys_are_refused_with_401_on_every_route_and_change_nothing()
    {
        var active = Seeded.Active;
        // Each route would change or reveal something if the key were taken.
        var routes = new (string Name, Func<HttpRequestMessage> Request)[]
        {
            ("POST /tokens", () => Post("/tokens", JsonContent.Create(new { uid = NewUid() }))),
            ("POST /tokens/batch", () => Post("/tokens/batch", JsonContent.Create(new { tokens = new[] { new { uid = NewUid() } } }))),
            ("GET /tokens/{uid}", () => new HttpRequestMessage(HttpMethod.Get, $"/tokens/{active}")),
            ("GET /tokens/{uid}/events", () => new HttpRequestMessage(HttpMethod.Get, $"/tokens/{active}/events")),
            ("DELETE /tokens/{uid}", () => new HttpRequestMessage(HttpMethod.Delete, $"/tokens/{active}")),
            ("POST /tokens/{uid}/replay", () => Post($"/tokens/{active}/replay", null)),
            ("POST /events/replay", () => Post("/events/replay", JsonContent.Create(new { tokenUid = active }))),
        };
        var keys = new (string Name, Action<HttpRequestMessage> Present)[]
        {
            ("no key", _ => { }),
            ("an empty key", r => r.Headers.TryAddWithoutValidation("X-Api-Key", "")),
            ("a wrong key", r => r.Headers.Add("X-Api-Key", "wrong-key")),
            ("the key in upper case", r => r.Headers.Add("X-Api-Key", ApiKey.ToUpperInvariant())),
            ("the key with its first letter's case flipped", r => r.Headers.Add("X-Api-Key", char.ToUpperInvariant(ApiKey[0]) + ApiKey[1..])),
            ("a prefix of the key", r => r.Headers.Add("X-Api-Key", ApiKey[..^1])),
            ("a short prefix of the key", r => r.Headers.Add("X-Api-Key", ApiKey[..4])),
            ("the key and more", r => r.Headers.Add("X-Api-Key", ApiKey + "0")),
            ("the key with a space inside", r => r.Headers.Add("X-Api-Key", ApiKey[..4] + " " + ApiKey[4..])),
            ("the key with a trailing vertical tab", r => r.Headers.TryAddWithoutValidation("X-Api-Key", ApiKey + "\v")),
            ("the key twice", r => r.Headers.TryAddWithoutValidation("X-Api-Key", [ApiKey, ApiKey])),
            ("a wrong key and the key", r => r.Headers.TryAddWithoutValidation("X-Api-Key", ["wrong-key", ApiKey])),
            ("the key as a bearer token", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey)),
            ("the key as Authorization", r => r.Headers.TryAddWithoutValidation("Authorization", ApiKey)),
            ("the key in Api-Key", r => r.Headers.Add("Api-Key", ApiKey)),
            ("the key in X-Api-Key2", r => r.Headers.Add("X-Api-Key2", ApiKey)),
            ("the key in X_Api_Key", r => r.Headers.Add("X_Api_Key", ApiKey)),
            ("the key in a cookie", r => r.Headers.Add("Cookie", $"X-Api-Key={ApiKey}")),
            ("the key in the query as X-Api-Key", r => r.RequestUri = WithQuery(r.RequestUri!, $"X-Api-Key={ApiKey}")),
            ("the key in the query as api_key", r => r.RequestUri = WithQuery(r.RequestUri!, $"api_key={ApiKey}")),
            ("the key in the query as apiKey", r => r.RequestUri = WithQuery(r.RequestUri!, $"apiKey={ApiKey}")),
        };

        using var anonymous = App.CreateClient();
        await SendAllAsync(
            routes.SelectMany(route => keys.Select(key => new HostileRequest($"{route.Name} with {key.Name}", () =>
            {
                var request = route.Request();
                key.Present(request);
                return request;
            }))),
            AProblem(HttpStatusCode.Unauthorized),
            anonymous);

        // The controls: the same client gets in with the key, whatever the case of the header's name,
        // and with spaces or tabs around it, which HTTP strips from every field value (RFC 9110, 5.5).
        foreach (var (header, key) in new[] { ("X-Api-Key", ApiKey), ("x-api-key", ApiKey), ("X-Api-Key", $" \t{ApiKey} \t") })
        {
            using var control = new HttpRequestMessage(HttpMethod.Get, $"/tokens/{active}");
            control.Headers.TryAddWithoutValidation(header, key);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(control)).StatusCode);
        }
    }

    [Fact]
    public async Task Replayed_requests_are_idempotent_or_a_conflict_and_change_nothing()
    {
        var (active, stopped) = (Seeded.Active, Seeded.Stopped);

        await SendAllAsync(
        [
            new("POST /tokens again", () => Post("/tokens", JsonContent.Create(new { uid = active })), Status(HttpStatusCode.OK)),
            new("POST /tokens again with another reference and metadata", () => Post("/tokens", JsonContent.Create(new
            {
                uid = active,
                externalReference = "lead-other",
                metadata = new Dictionary<string, string> { ["dealer"] = "paris" },
            })), Status(HttpStatusCode.OK)),
            new("POST /tokens for an untracked token", () => Post("/tokens", JsonContent.Create(new { uid = stopped })), Status(HttpStatusCode.Conflict, problem: true)),
            new("POST /tokens/batch for an untracked token", () => Post("/tokens/batch", JsonContent.Create(new { tokens = new[] { new { uid = stopped } } })), Status(HttpStatusCode.OK)),
            new("DELETE /tokens/{uid} again", () => new HttpRequestMessage(HttpMethod.Delete, $"/tokens/{stopped}"), Status(HttpStatusCode.NoContent)),
            new("POST /tokens/{uid}/replay", () => Post($"/tokens/{active}/replay", null), Status(HttpStatusCode.Accepted)),
            new("POST /events/replay", () => Post("/events/replay", JsonContent.Create(new { tokenUid = active })), Status(HttpStatusCode.Accepted)),
        ]);

        // A whole batch again: all of it is reported as existing, none created.
        using var api = App.CreateApiClient();
        var batch = await api.PostAsJsonAsync("/tokens/batch", new { tokens = Seeded.All.Select(uid => new { uid }) });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal("""{"created":[],"existing":[""" + string.Join(',', Seeded.All.Select(u => $"\"{u}\"")) + "]}", await batch.Content.ReadAsStringAsync());
        await AssertUnchangedAsync("the batch sent again");
    }

    private static HttpRequestMessage PathRequest(string route, string uid)
    {
        var parts = route.Split(' ');
        var (method, template) = parts.Length == 2 ? (new HttpMethod(parts[0]), parts[1]) : (HttpMethod.Get, parts[0]);
        return new HttpRequestMessage(method, template.Replace("{0}", Uri.EscapeDataString(uid), StringComparison.Ordinal));
    }
}
