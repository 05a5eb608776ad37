using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tchek.Events.IntegrationTests.Schemas;

/// <summary>
/// Bus messages exactly as the poller sent them, written to <c>docs/samples/</c> when
/// <c>TCHEK_WRITE_SAMPLES=1</c> (scripts/capture-samples.sh): scripts/validate-contracts.sh checks each
/// against docs/schemas with ajv, and a reader sees the wire without running anything.
/// </summary>
internal static class CapturedSamples
{
    public const string Folder = "docs/samples";
    public const string WriteVariable = "TCHEK_WRITE_SAMPLES";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool Enabled => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    /// <summary>Writes <paramref name="body"/> (the whole envelope) to <c>docs/samples/{name}.json</c> when <see cref="Enabled"/>.</summary>
    public static void Write(string name, JsonObject body)
    {
        if (!Enabled)
        {
            return;
        }

        var folder = Path.Combine(AppProcess.RepoRoot, Folder);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{name}.json"), body.ToJsonString(Indented) + "\n");
    }
}
