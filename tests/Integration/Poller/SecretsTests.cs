using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.Poller;

/// <summary>Secrets never reach the logs, whatever happens: every line at every level is searched.</summary>
[Collection("services")]
public sealed class SecretsTests(ServicesFixture services) : PollerTestBase(services)
{
    private const string DatabasePassword = "pg-Secr3t-7f3a91";
    private const string ApiKey = "api-Secr3t-c41d77";
    private const string VendorKey = "vendor-Secr3t-0b9e52";
    private const string PresentedWrongKey = "wrong-Secr3t-5a6b";

    [Fact]
    public async Task No_password_or_key_appears_in_any_log_line()
    {
        var role = "tchek_secret_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(Services.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{DatabasePassword}'; ALTER DATABASE \"{new NpgsqlConnectionStringBuilder(Database).Database}\" OWNER TO {role}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var capture = new LogCapture();
        var withSecrets = new NpgsqlConnectionStringBuilder(Database) { Username = role, Password = DatabasePassword }.ConnectionString;
        await using var app = Own(new PollerApp(Settings(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = withSecrets,
            ["Api:Keys:0"] = ApiKey,
            ["Tchek:ApiKey"] = VendorKey,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Logging:LogLevel:MassTransit"] = "Trace",
            ["Logging:LogLevel:Npgsql"] = "Trace",
        }), web => web.ConfigureServices(s => s.AddLogging(l => l.AddProvider(capture).SetMinimumLevel(LogLevel.Trace)))).Started());

        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        using var intruder = app.CreateClient();
        intruder.DefaultRequestHeaders.Add("X-Api-Key", PresentedWrongKey);
        var uid = NewUid();
        Vendor.Set(uid, 1);
        Vendor.Script(uid, new StubAnswer(StatusCode: 500, Body: "boom"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await intruder.PostAsJsonAsync("/tokens", new { uid })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/tokens", new { uid })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/tokens", new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        await Sink.WaitUntilAsync(r => r.Any(e => e.Event.TokenUid == uid), TimeSpan.FromSeconds(30), "the token's first event after a failed poll");

        var lines = capture.Lines;
        // The logs did see the moments a secret could leak: the refused key, the failed poll, requests with headers.
        Assert.True(lines.Count > 200, $"only {lines.Count} log lines were captured");
        Assert.Contains(lines, line => line.Contains("HTTP 500", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("ApiKey was not authenticated", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("X-API-Key", StringComparison.OrdinalIgnoreCase));
        foreach (var secret in new[] { DatabasePassword, ApiKey, VendorKey, PresentedWrongKey })
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        await using (var admin = new NpgsqlConnection(Services.AdminConnectionString))
        {
            await app.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{new NpgsqlConnectionStringBuilder(Database).Database}\" WITH (FORCE); DROP ROLE {role}", admin) { CommandTimeout = 300 }; // DROP DATABASE forces a checkpoint
            await drop.ExecuteNonQueryAsync();
        }
    }
}
