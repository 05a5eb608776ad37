using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// Writes a JSON tree as block-style YAML, keys in the tree's order: plain scalars where YAML reads
/// them back as the same string, literal blocks for multi-line text, JSON-quoted strings otherwise
/// (a JSON string is a valid YAML double-quoted scalar). Small on purpose: the AsyncAPI document is
/// the only thing it writes, and a test parses the result with a real YAML parser.
/// </summary>
internal static partial class YamlWriter
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonObject root)
    {
        var yaml = new StringBuilder();
        WriteMapping(yaml, root, 0);
        return yaml.ToString();
    }

    private static void WriteMapping(StringBuilder yaml, JsonObject map, int indent)
    {
        foreach (var (key, value) in map)
        {
            yaml.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(yaml, value, indent);
        }
    }

    // After "key:" or "-": the value inline when scalar or empty, else on the next lines, indented.
    private static void WriteValue(StringBuilder yaml, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } map:
                yaml.Append('\n');
                WriteMapping(yaml, map, indent + 2);
                break;
            case JsonArray { Count: > 0 } list:
                yaml.Append('\n');
                foreach (var item in list)
                {
                    yaml.Append(' ', indent + 2).Append('-');
                    if (item is JsonObject { Count: > 0 } itemMap)
                    {
                        // "- key: value" with the item's other keys under the first.
                        var first = true;
                        foreach (var (key, inner) in itemMap)
                        {
                            yaml.Append(first ? " " : new string(' ', indent + 4)).Append(Scalar(key)).Append(':');
                            WriteValue(yaml, inner, indent + 4);
                            first = false;
                        }
                    }
                    else
                    {
                        WriteValue(yaml, item, indent + 2);
                    }
                }

                break;
            case JsonObject:
                yaml.Append(" {}\n");
                break;
            case JsonArray:
                yaml.Append(" []\n");
                break;
            case null:
                yaml.Append(" null\n");
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                var text = scalar.GetValue<string>();
                if (text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal) && !text.EndsWith('\n') && !text.StartsWith(' '))
                {
                    yaml.Append(" |-\n");
                    foreach (var line in text.Split('\n'))
                    {
                        yaml.Append(line.Length == 0 ? "" : new string(' ', indent + 2) + line.TrimEnd()).Append('\n');
                    }
                }
                else
                {
                    yaml.Append(' ').Append(Scalar(text)).Append('\n');
                }

                break;
            case JsonValue scalar:
                yaml.Append(' ').Append(scalar.ToJsonString()).Append('\n');
                break;
        }
    }

    private static string Scalar(string text) =>
        Plain().IsMatch(text) && !Reserved.Contains(text) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? text
            : JsonSerializer.Serialize(text, Quoting);

    // Words YAML 1.1 or 1.2 parsers read as something other than a string.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~" };

    // A letter, '/', '.' or '$' first, then nothing YAML gives a meaning to inside a plain scalar (": ", " #", flow characters).
    [GeneratedRegex(@"\A[A-Za-z/.$][A-Za-z0-9 _.,/()'+-]*(?<! )\z")]
    private static partial Regex Plain();
}
