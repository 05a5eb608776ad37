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

/// <summary>The simulator's settings route and the removal of a token, over HTTP (docs/contributing/simulator.md).</summary>
/// <remarks>In the services collection for the reason <see cref="SimulatorRestartTests"/> gives.</remarks>
[Collection("services")]
public sealed class SimulatorAdminTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tchek-simulator-admin-").FullName;

    private string StatePath => Path.Combine(_directory, "simulator-tokens.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_settings_show_the_speed_and_the_faults_in_force()
    {
        await using var app = new SimulatorApp(new()
        {
            ["Simulator:Speed"] = "30",
            ["Simulator:MeanStep"] = "00:03:00",
            ["Faults:ServerError"] = "0.25",
        });
        using var client = app.CreateClient();

        var settings = (await client.GetFromJsonAsync<JsonObject>("/admin/settings"))!;

        Assert.Equal(30, settings["speed"]!.GetValue<double>());
        Assert.Equal("00:03:00", settings["meanStep"]!.GetValue<string>());
        Assert.Equal("30.00:00:00", settings["validFor"]!.GetValue<string>());
        Assert.Equal(0.25, settings["faults"]!["serverError"]!.GetValue<double>());
        Assert.Equal(0, settings["faults"]!["timeout"]!.GetValue<double>());

        // Faults changed at run time are the ones in force, and the settings say so.
        (await client.PutAsJsonAsync("/admin/faults", new { timeout = 0.5 })).EnsureSuccessStatusCode();
        var changed = (await client.GetFromJsonAsync<JsonObject>("/admin/settings"))!;
        Assert.Equal(0.5, changed["faults"]!["timeout"]!.GetValue<double>());
        Assert.Equal(0, changed["faults"]!["serverError"]!.GetValue<double>());
        Assert.Equal(30, changed["speed"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_removed_token_is_gone_from_every_route_and_from_the_saved_state_and_an_unknown_one_is_404()
    {
        const string Uid = "TREMOVE1";
        await using (var app = new SimulatorApp(new() { ["Simulator:StatePath"] = StatePath }))
        {
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/admin/tokens", new { uid = Uid })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/admin/tokens", new { uid = "TKEEP1" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/apiV1/tokenmanager/test?deviceId={Uid}-pwa")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/admin/tokens/{Uid}")).StatusCode);

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/tokens/{Uid}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/apiV1/tokenmanager/test?deviceId={Uid}-pwa")).StatusCode);
            Assert.Equal(1, (await client.GetFromJsonAsync<JsonObject>("/admin/stats"))!["tokens"]!.GetValue<int>());
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/admin/tokens/{Uid}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/admin/tokens/TNEVER1")).StatusCode);
            // The uid is free again.
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/admin/tokens", new { uid = Uid })).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/admin/tokens/{Uid}")).StatusCode);
        }

        // Saved at shutdown without it: a restart does not bring it back.
        Assert.Equal(["TKEEP1"], TokenStateFile.Load(StatePath).Select(t => t.Uid));
        await using var again = new SimulatorApp(new() { ["Simulator:StatePath"] = StatePath });
        using var restarted = again.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await restarted.GetAsync($"/admin/tokens/{Uid}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await restarted.GetAsync("/admin/tokens/TKEEP1")).StatusCode);
    }

    private sealed class SimulatorApp(Dictionary<string, string?> settings) : WebApplicationFactory<SimulatorProgram>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
    }
}
