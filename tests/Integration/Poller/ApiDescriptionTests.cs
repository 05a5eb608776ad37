using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;
using Tchek.Events.StatusPoller.Relay;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// The OpenAPI document describes exactly the routes the poller maps, each fully (schemas, problem
/// details, the API key), and the route table of docs/subscribing/http-api.md names the same routes.
/// </summary>
[Collection("services")]
public sealed partial class ApiDescriptionTests(ServicesFixture services) : PollerTestBase(services)
{
    private const string RouteTablePage = "docs/subscribing/http-api.md";

    /// <summary>The served document, committed so a change to it shows in review; <see cref="GeneratedDocsCommand"/> rewrites it.</summary>
    private const string CommittedDocument = "docs/openapi.json";

    /// <summary>Set to 1, <see cref="The_served_document_is_the_committed_docs_openapi_json"/> first writes the served document to <see cref="CommittedDocument"/>.</summary>
    private const string WriteDocumentVariable = "TCHEK_WRITE_OPENAPI";

    private const string GeneratedDocsCommand = "scripts/generate-schemas.sh";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Mapped, and deliberately not in the description: the platform's routes (probes and Prometheus,
    // any method, no key, not JSON; docs/deploying/scaling-out.md), the description itself and its UI.
    private static readonly string[] NotDescribed = ["* /health/live", "* /health/ready", "* /metrics", "GET /openapi/{documentName}.json"];

    [Fact]
    public async Task The_document_describes_exactly_the_mapped_routes()
    {
        await using var app = StartQuietApp();
        using var document = await DocumentAsync(app);

        var mapped = MappedRoutes(app).Except(NotDescribed).ToHashSet();
        var described = Operations(document).Select(o => o.Route).ToHashSet();

        Assert.True(mapped.SetEquals(described),
            $"mapped but not described: {string.Join(", ", mapped.Except(described))}; described but not mapped: {string.Join(", ", described.Except(mapped))}");
        Assert.Contains("GET /tokens", described);
        Assert.Equal(10, described.Count);
    }

    [Fact]
    public async Task Every_operation_has_schemas_problem_details_and_the_api_key()
    {
        await using var app = StartQuietApp();
        using var document = await DocumentAsync(app);
        var root = document.RootElement;

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        foreach (var (route, operation) in Operations(document))
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("operationId").GetString()), route);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), route);
            Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("ApiKey", out _));
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            Assert.True(responses.Keys.Any(code => code.StartsWith('2')), $"{route} has no success response");
            Assert.True(responses.ContainsKey("400") && responses.ContainsKey("401"), $"{route} lacks its 400 or 401");
            Assert.True(responses.ContainsKey("403") && operation.GetProperty("description").GetString()!.Contains(" Scope: ", StringComparison.Ordinal), $"{route} does not say its scope");
            foreach (var (code, response) in responses)
            {
                // 204 and erase's 202 carry no body; every other answer says its shape.
                if (code == "204" || (route, code) == ("POST /tokens/{uid}/erase", "202"))
                {
                    Assert.False(response.TryGetProperty("content", out _), $"{route} {code}");
                    continue;
                }

                var content = response.GetProperty("content");
                var media = code[0] is '4' or '5' ? "application/problem+json" : "application/json";
                Assert.True(content.TryGetProperty(media, out var body), $"{route} {code} is not {media}");
                var schema = body.GetProperty("schema").ToString();
                Assert.True(code[0] is not ('4' or '5') || schema.Contains("ProblemDetails", StringComparison.Ordinal), $"{route} {code}: {schema}");
            }
        }

        // Every reference resolves: a renamed type cannot leave a dangling $ref.
        var schemas = root.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => "#/components/schemas/" + s.Name).ToHashSet();
        Assert.All(References().Matches(root.GetRawText()).Select(m => m.Groups[1].Value), reference => Assert.Contains(reference, schemas));
    }

    [Fact]
    public async Task The_list_route_describes_its_parameters_and_its_page()
    {
        await using var app = StartQuietApp();
        using var document = await DocumentAsync(app);

        var list = Operations(document).Single(o => o.Route == "GET /tokens").Operation;
        var parameters = list.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal(["cursor", "externalReference", "limit", "state", "status", "updatedSince"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("integer", parameters["limit"].GetProperty("type").GetString());
        Assert.Equal(1000, parameters["limit"].GetProperty("maximum").GetInt32());
        Assert.Equal("date-time", parameters["updatedSince"].GetProperty("format").GetString());
        Assert.Equal(["tracking", "stopped"], parameters["state"].GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var page = list.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/TokenPage", page.GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task The_event_list_items_are_the_contract_schemas_discriminated_by_type()
    {
        await using var app = StartQuietApp();
        using var document = await DocumentAsync(app);
        var root = JsonNode.Parse(document.RootElement.GetRawText())!;
        var schemas = root["components"]!["schemas"]!;

        var list = root["paths"]!["/tokens/{uid}/events"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("#/components/schemas/EventView", list["items"]!["$ref"]!.GetValue<string>());
        var item = schemas["EventView"]!;
        Assert.Equal("type", item["discriminator"]!["propertyName"]!.GetValue<string>());
        var variants = item["oneOf"]!.AsArray().Select(v => v!["$ref"]!.GetValue<string>()).ToList();
        var mapping = item["discriminator"]!["mapping"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>());
        var eventTypes = EventSerialization.TypeNames.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(eventTypes, mapping.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(variants.Order(StringComparer.Ordinal), mapping.Values.Order(StringComparer.Ordinal));
        foreach (var type in eventTypes)
        {
            var variant = schemas[mapping[type]["#/components/schemas/".Length..]]!;
            Assert.Equal(type, variant["properties"]!["type"]!["const"]!.GetValue<string>());
            Assert.Equal($"#/components/schemas/{type}", variant["properties"]!["payload"]!["$ref"]!.GetValue<string>());
            Assert.Equal(["eventId", "sequence", "type", "occurredAt", "createdAt", "publishedAt", "payload", "replayCount", "lastReplayedAt"], variant["properties"]!.AsObject().Select(p => p.Key));

            // The very schema of docs/schemas, but for its dialect, which is the document's own.
            var expected = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(AppProcess.RepoRoot, "docs", "schemas", $"{type}.json")))!.AsObject();
            expected.Remove("$schema");
            Assert.True(JsonNode.DeepEquals(Normalized(expected), Normalized(schemas[type]!)), $"components/schemas/{type} differs from docs/schemas/{type}.json: {schemas[type]!.ToJsonString()}");
        }
    }

    [Fact]
    public async Task The_served_document_is_the_committed_docs_openapi_json()
    {
        await using var app = StartQuietApp();
        using var client = app.CreateClient();
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var path = System.IO.Path.Combine(AppProcess.RepoRoot, CommittedDocument);

        if (Environment.GetEnvironmentVariable(WriteDocumentVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(Indented) + "\n");
        }

        Assert.True(File.Exists(path), $"{CommittedDocument} is missing: run {GeneratedDocsCommand}");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(JsonNode.DeepEquals(served, committed),
            $"{CommittedDocument} differs from the document the poller serves at /openapi/v1.json (a route, a model or a contract changed): run {GeneratedDocsCommand}, "
            + $"which rewrites it, and review the change. Differing parts: {string.Join(", ", Differences(served, committed))}");
        // No host: "/" resolves against where the document is served (Redocly refuses an absent server list).
        Assert.Equal("/", Assert.Single(served["servers"]!.AsArray())!["url"]!.GetValue<string>());
        // What Spectral's and Redocly's rules ask for (scripts/validate-contracts.sh runs them on the committed copy).
        Assert.NotNull(served["info"]!["license"]!["url"]);
        Assert.NotNull(served["info"]!["contact"]!["name"]);
        Assert.All(served["tags"]!.AsArray(), tag => Assert.False(string.IsNullOrWhiteSpace(tag!["description"]?.GetValue<string>()), $"tag {tag!["name"]} has no description"));
    }

    [Fact]
    public async Task The_readme_route_table_lists_exactly_the_mapped_routes()
    {
        await using var app = StartQuietApp();

        // The table also names the description and its UI, each once, as a client reaches them.
        var expected = MappedRoutes(app).Except(NotDescribed).Append("GET /openapi/v1.json").Append("GET /docs").ToHashSet();
        var documented = ReadmeRoutes();

        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.True(expected.SetEquals(documented),
            $"mapped but not in {RouteTablePage}: {string.Join(", ", expected.Except(documented))}; in {RouteTablePage} but not mapped: {string.Join(", ", documented.Except(expected))}");
    }

    [Fact]
    public async Task The_document_needs_no_key_and_the_docs_are_served_in_development()
    {
        await using var app = StartQuietApp();
        using var client = app.CreateClient();

        var document = await client.GetAsync("/openapi/v1.json");
        var docs = await client.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Its script comes with the package: the page works without reaching any CDN.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/scalar.js")).StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData("false", HttpStatusCode.NotFound)]
    [InlineData("true", HttpStatusCode.OK)]
    public async Task Outside_development_the_docs_are_served_only_when_exposed_and_the_document_always(string? exposeDocs, HttpStatusCode docs)
    {
        // A real process (Production), as deployed.
        await using var poller = StartProcess(new Dictionary<string, string?>
        {
            ["Api:ExposeDocs"] = exposeDocs,
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        });
        var address = await ListeningAddressAsync(poller);
        using var client = new HttpClient { BaseAddress = address };

        Assert.Equal(docs, (await client.GetAsync("/docs/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/tokens")).StatusCode);
    }

    [Fact]
    public async Task An_expose_docs_that_is_not_a_boolean_stops_the_start_naming_the_key()
    {
        await using var poller = StartProcess(new Dictionary<string, string?> { ["Api:ExposeDocs"] = "sometimes" });

        Assert.NotEqual(0, await poller.ExitCodeWithinAsync(TimeSpan.FromSeconds(30)) ?? 0);
        Assert.Contains(poller.Output, line => line.Contains("Api:ExposeDocs", StringComparison.Ordinal));
    }

    // Keys in order, and a type list as a set: OpenAPI's model writes ["null", "string"] for the schemas' ["string", "null"], which means the same.
    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key,
            p.Key == "type" && p.Value is JsonArray types ? new JsonArray([.. types.Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]) : Normalized(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Normalized)]),
        _ => node?.DeepClone(),
    };

    // The paths and component schemas (else the top-level keys) that differ, so the failure says where to look.
    private static IEnumerable<string> Differences(JsonNode served, JsonNode? committed)
    {
        foreach (var (section, inner) in new[] { ("paths", (string?)null), ("components", "schemas"), (null, null) })
        {
            var a = section is null ? served : inner is null ? served[section] : served[section]?[inner];
            var b = section is null ? committed : inner is null ? committed?[section] : committed?[section]?[inner];
            if (a is JsonObject left && b is JsonObject right)
            {
                var keys = left.Select(p => p.Key).Union(right.Select(p => p.Key)).Where(k => !JsonNode.DeepEquals(left[k], right[k])).ToList();
                if (keys.Count > 0)
                {
                    return keys.Select(k => $"{(section is null ? "" : $"{section}{(inner is null ? "" : "." + inner)}.")}{k}");
                }
            }
        }

        return ["the whole document"];
    }

    private PollerApp StartQuietApp() => StartApp(new Dictionary<string, string?> { ["Polling:IdleDelay"] = "00:01:00" });

    private static async Task<JsonDocument> DocumentAsync(PollerApp app)
    {
        using var client = app.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
    }

    /// <summary>Every route the app maps, as "METHOD /path" ("*" when any method matches).</summary>
    // The operator console (/console, its pages and fragments) is a site for people, not part of the
    // API: docs/operating/console.md describes it.
    private static HashSet<string> MappedRoutes(PollerApp app) => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => !e.RoutePattern.RawText!.StartsWith("/docs", StringComparison.Ordinal))
        .Where(e => !Path(e.RoutePattern.RawText!).StartsWith("/console", StringComparison.Ordinal))
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => $"{method} {Path(e.RoutePattern.RawText!)}"))
        .ToHashSet();

    private static string Path(string pattern) => "/" + pattern.Trim('/');

    private static IEnumerable<(string Route, JsonElement Operation)> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(op => ($"{op.Name.ToUpperInvariant()} {path.Name}", op.Value)));

    /// <summary>The routes of the table that opens the HTTP API page (before its first "## " section): the first code span of each row, query string dropped.</summary>
    private static List<string> ReadmeRoutes()
    {
        var page = File.ReadAllText(System.IO.Path.Combine(AppProcess.RepoRoot, RouteTablePage));
        var end = page.IndexOf("\n## ", StringComparison.Ordinal);
        var section = page[..(end < 0 ? page.Length : end)];
        return [.. TableRoute().Matches(section).Select(m => $"{m.Groups["method"].Value} {m.Groups["path"].Value}")];
    }

    private static async Task<Uri> ListeningAddressAsync(PollerProcess poller)
    {
        string? line = null;
        await EventuallyAsync(() => (line = poller.Output.FirstOrDefault(l => l.Contains("Now listening on: ", StringComparison.Ordinal))) is not null || poller.HasExited, "the poller to listen");
        Assert.False(line is null, string.Join('\n', poller.Output));
        return new Uri(line![(line!.IndexOf("http", StringComparison.Ordinal))..].Trim());
    }

    [GeneratedRegex("\"\\$ref\":\\s*\"([^\"]+)\"")]
    private static partial Regex References();

    [GeneratedRegex(@"^\| `(?<method>GET|POST|PUT|PATCH|DELETE) (?<path>/[^`?\s]*)[^`]*`", RegexOptions.Multiline)]
    private static partial Regex TableRoute();
}
