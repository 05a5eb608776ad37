using System.Net.Http.Json;
using System.Text.Json;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>
/// What an operator reads besides traces, from the poller as deployed (a process of its own, so
/// nothing in the test process shows up): the libraries' metrics at <c>/metrics</c>, and JSON log
/// lines that name their token.
/// </summary>
[Collection("services")]
public sealed class MetricsAndLogsTests(ServicesFixture services) : PollerTestBase(services)
{
    [Fact]
    public async Task Metrics_carry_the_meters_of_masstransit_aspnet_core_httpclient_and_npgsql_after_a_poll()
    {
        var poller = StartProcess(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information" });
        using var api = new HttpClient { BaseAddress = await ListeningAddressAsync(poller) };
        api.DefaultRequestHeaders.Add("X-Api-Key", PollerSettings.ApiKey);
        var uid = NewUid();
        Vendor.Set(uid, 1);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();
        await Sink.WaitUntilAsync(r => r.Count(e => e.Event.TokenUid == uid) == 2, TimeSpan.FromSeconds(30), "the poll's events");

        var scrape = await api.GetStringAsync("/metrics");
        var samples = scrape.Split('\n').Where(line => !line.StartsWith('#')).ToList();

        // Each family with the labels of what this poller just did.
        Assert.Contains(samples, s => s.StartsWith("messaging_masstransit_send_", StringComparison.Ordinal) && s.Contains("InspectionStarted", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && s.Contains("http_route=\"/tokens/\"", StringComparison.Ordinal) && s.Contains("http_request_method=\"POST\"", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("http_client_request_duration_seconds_count{", StringComparison.Ordinal)
            && s.Contains($"server_port=\"{Vendor.BaseUrl.Port}\"", StringComparison.Ordinal));
        var database = new Npgsql.NpgsqlConnectionStringBuilder(Database).Database;
        Assert.Contains(samples, s => s.StartsWith("db_client_operation_duration_seconds_count{", StringComparison.Ordinal)
            && s.Contains($"Database={database};", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.StartsWith("db_client_connection_count{", StringComparison.Ordinal));
        // Npgsql names its pools by connection string, the password left out.
        Assert.DoesNotContain("Password=", scrape, StringComparison.OrdinalIgnoreCase);
        // The poller's own, still there.
        Assert.Contains(samples, s => s.StartsWith("tchek_polls_total{", StringComparison.Ordinal) && s.Contains("outcome=\"changed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_console_logs_carry_the_token_uid_and_the_trace_in_the_scopes_of_a_failed_poll()
    {
        var uid = NewUid();
        Vendor.Set(uid, 1);
        Vendor.Script(uid, new StubAnswer(500), new StubAnswer(500), new StubAnswer(500));
        var poller = StartProcess(new Dictionary<string, string?>
        {
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
            // The failed poll's line is at Information.
            ["Logging:LogLevel:Tchek.Events.StatusPoller.Claim"] = "Information",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            // Tracing on (its collector need not answer), so the lines carry the trace too.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        });
        using var api = new HttpClient { BaseAddress = await ListeningAddressAsync(poller) };
        api.DefaultRequestHeaders.Add("X-Api-Key", PollerSettings.ApiKey);
        (await api.PostAsJsonAsync("/tokens", new { uid })).EnsureSuccessStatusCode();

        JsonElement failed = default;
        await EventuallyAsync(() => (failed = JsonLines(poller).FirstOrDefault(line =>
            line.GetProperty("Category").GetString() == "Tchek.Events.StatusPoller.Claim.PollingWorker"
            && line.GetProperty("Message").GetString()!.Contains($"Polling token {uid} failed", StringComparison.Ordinal))).ValueKind != JsonValueKind.Undefined,
            "the failed poll's log line");

        Assert.Equal("Information", failed.GetProperty("LogLevel").GetString());
        var scopes = failed.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, scope => scope.ValueKind == JsonValueKind.Object
            && scope.TryGetProperty("TokenUid", out var tokenUid) && tokenUid.GetString() == uid);
        Assert.Contains(scopes, scope => scope.ValueKind == JsonValueKind.Object
            && scope.TryGetProperty("TraceId", out var traceId) && traceId.GetString() is { Length: 32 } id && id.All(char.IsAsciiHexDigitLower));
        // Every line is one JSON document: nothing else on the console.
        Assert.All(poller.Output.Where(line => line.Length > 0), line => Assert.StartsWith("{", line, StringComparison.Ordinal));
    }

    private static IEnumerable<JsonElement> JsonLines(PollerProcess poller) =>
        poller.Output.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement);

    private static async Task<Uri> ListeningAddressAsync(PollerProcess poller)
    {
        const string Listening = "Now listening on: ";
        string? line = null;
        await EventuallyAsync(() => (line = poller.Output.FirstOrDefault(l => l.Contains(Listening, StringComparison.Ordinal))) is not null || poller.HasExited, "the poller to listen");
        Assert.False(line is null, string.Join('\n', poller.Output));
        var start = line!.IndexOf(Listening, StringComparison.Ordinal) + Listening.Length;
        var end = line.IndexOfAny(['"', ' '], start);
        return new Uri(end < 0 ? line[start..] : line[start..end]);
    }
}
