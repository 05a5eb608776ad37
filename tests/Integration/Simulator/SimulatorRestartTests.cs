extern alias simulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using simulator::Tchek.Events.Simulator.Tokens;
using SimulatorProgram = simulator::Program;

namespace Tchek.Events.IntegrationTests.Simulator;

/// <summary>The simulator with <c>Simulator:StatePath</c>, restarted: its tokens are still there, and answer as before.</summary>
/// <remarks>
/// In the services collection though it needs no service: run beside that collection's pollers, it once
/// failed with an ObjectDisposedException while hosts were built at the same time in one process (not
/// reproduced alone); in the collection, every WebApplicationFactory host is built one at a time.
/// </remarks>
[Collection("services")]
public sealed class SimulatorRestartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tchek-simulator-restart-").FullName;

    private string StatePath => Path.Combine(_directory, "simulator-tokens.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_restarted_simulator_has_its_tokens_in_the_same_state()
    {
        const string Uid = "TRESTART1";
        // Steps an hour apart: the token is still at its second step after the restart.
        var steps = new[] { new { at = "00:00:00", status = 0 }, new { at = "00:00:00.001", status = 1 }, new { at = "01:00:00", status = 2 } };
        string before, vendorBefore;
        List<string> bulk;
        await using (var first = new SimulatorApp(StatePath))
        {
            using var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/admin/tokens", new { uid = Uid, steps })).StatusCode);
            var created = await client.PostAsJsonAsync("/admin/tokens/bulk", new { count = 3 });
            bulk = [.. (await created.Content.ReadFromJsonAsync<JsonObject>())!["uids"]!.AsArray().Select(u => u!.GetValue<string>())];
            before = await TokenAsync(client, Uid);
            vendorBefore = await client.GetStringAsync($"/apiV1/tokenmanager/test?deviceId={Uid}-pwa");
            // Saved soon after the change, not only at shutdown: a killed simulator loses at most that.
            await WaitUntilSavedAsync([Uid, .. bulk]);
        }

        await using var second = new SimulatorApp(StatePath);
        using var again = second.CreateClient();

        Assert.Equal(before, await TokenAsync(again, Uid));
        Assert.Equal(vendorBefore, await again.GetStringAsync($"/apiV1/tokenmanager/test?deviceId={Uid}-pwa"));
        foreach (var uid in bulk)
        {
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/admin/tokens/{uid}")).StatusCode);
        }

        Assert.Equal(4, (await again.GetFromJsonAsync<JsonObject>("/admin/stats"))!["tokens"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, (await again.PostAsJsonAsync("/admin/tokens", new { uid = Uid })).StatusCode);
    }

    [Fact]
    public async Task A_simulator_whose_state_file_is_corrupt_does_not_start_and_leaves_the_file()
    {
        await File.WriteAllTextAsync(StatePath, "{\"version\":1,\"tokens\":[{");
        await using var app = new SimulatorApp(StatePath);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(StatePath, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("{\"version\":1,\"tokens\":[{", await File.ReadAllTextAsync(StatePath));
    }

    // The token's view without its request accounting, which is per run.
    private static async Task<string> TokenAsync(HttpClient client, string uid)
    {
        var token = (await client.GetFromJsonAsync<JsonObject>($"/admin/tokens/{uid}"))!;
        token.Remove("requests");
        return token.ToJsonString();
    }

    private async Task WaitUntilSavedAsync(IReadOnlyCollection<string> uids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!File.Exists(StatePath) || !uids.All(TokenStateFile.Load(StatePath).Select(t => t.Uid).Contains))
        {
            Assert.True(DateTime.UtcNow < deadline, "the tokens were not saved within 10 s of their creation");
            await Task.Delay(100);
        }
    }

    private sealed class SimulatorApp(string statePath) : WebApplicationFactory<SimulatorProgram>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Simulator:StatePath"] = statePath,
                ["Simulator:Seed"] = "5",
            }));
    }
}
