using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tchek.Events.Contracts;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// Every generated file, by path relative to the docs folder, with its exact content: LF line
/// endings, a final newline, keys in a fixed order. The tool writes them; a test compares them.
/// </summary>
internal static class GeneratedDocs
{
    public const string SchemasFolder = "schemas";
    public const string AsyncApiFile = "asyncapi.yaml";

    /// <summary>The command that rewrites the files, for messages that ask a reader to run it.</summary>
    public const string Command = "scripts/generate-schemas.sh";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Backticks, quotes and '+' stay readable; these are documents, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyDictionary<string, string> Create()
    {
        var catalog = ContractCatalog.Load();
        var docs = XmlDocs.For(typeof(ITokenEvent).Assembly, cref => ValueSets.CrefText(cref) ?? XmlDocs.ShortName(cref));
        var schemas = new MessageSchemas(docs);

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [$"{SchemasFolder}/{EnvelopeSchema.FileName}"] = Json(EnvelopeSchema.Create()),
            [$"{SchemasFolder}/{FaultSchema.FileName}"] = Json(FaultSchema.Create()),
            [AsyncApiFile] = YamlWriter.Write(AsyncApiDocument.Create(catalog, docs)),
            [ConfigurationReference.FileName] = ConfigurationReference.Create(),
        };
        foreach (var type in catalog.Messages)
        {
            files[$"{SchemasFolder}/{type.Name}.json"] = Json(schemas.For(type));
        }

        return files;
    }

    private static string Json(JsonNode node) => node.ToJsonString(Indented) + "\n";
}
