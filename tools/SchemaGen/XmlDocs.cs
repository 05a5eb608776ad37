using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Tchek.Events.SchemaGen;

/// <summary>
/// The <c>&lt;summary&gt;</c> of the contracts' types and properties, from the XML documentation file
/// the build writes beside the assembly, as plain text: the schemas' <c>description</c>s.
/// </summary>
internal sealed partial class XmlDocs(IReadOnlyDictionary<string, XElement> members, Func<string, string> crefText)
{
    /// <summary>The docs of <paramref name="assembly"/>; <paramref name="crefText"/> words a <c>&lt;see cref&gt;</c> (by default its short name).</summary>
    public static XmlDocs For(Assembly assembly, Func<string, string>? crefText = null)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The XML documentation of {assembly.GetName().Name} is missing (GenerateDocumentationFile must stay on).", path);
        }

        var members = XDocument.Load(path).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
        return new XmlDocs(members, crefText ?? ShortName);
    }

    public string? Of(Type type) => Summary($"T:{type.FullName}");

    /// <summary>A property's summary; an <c>&lt;inheritdoc/&gt;</c> one is taken from the interface that declares it.</summary>
    public string? Of(PropertyInfo property) => Text(SummaryOf(property));

    /// <summary>A constant's summary, e.g. of <c>TokenStatusCodes.Created</c>.</summary>
    public string? Of(FieldInfo field) => Summary($"F:{field.DeclaringType!.FullName}.{field.Name}");

    /// <summary>The types a property's summary names with <c>&lt;see cref="T:..."/&gt;</c>, as written (<c>T:Namespace.Type</c>).</summary>
    public IEnumerable<string> TypesNamedBy(PropertyInfo property) =>
        SummaryOf(property)?.Descendants("see").Select(e => (string?)e.Attribute("cref")).OfType<string>().Where(c => c.StartsWith("T:", StringComparison.Ordinal)) ?? [];

    private XElement? SummaryOf(PropertyInfo property)
    {
        var declaring = property.DeclaringType!;
        if (members.TryGetValue($"P:{declaring.FullName}.{property.Name}", out var member) && member.Element("inheritdoc") is null)
        {
            return member.Element("summary");
        }

        return declaring.GetInterfaces()
            .Select(i => i.GetProperty(property.Name))
            .OfType<PropertyInfo>()
            .Select(SummaryOf)
            .FirstOrDefault(s => s is not null);
    }

    private string? Summary(string id) => members.TryGetValue(id, out var member) ? Text(member.Element("summary")) : null;

    private string? Text(XElement? summary)
    {
        if (summary is null)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e => (string?)e.Attribute("langword") ?? crefText((string?)e.Attribute("cref") ?? ""),
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => (string?)e.Attribute("name"),
                XElement { Name.LocalName: "c" or "code" } e => $"`{e.Value}`",
                XElement e => e.Value,
                _ => "",
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    // "P:Tchek.Events.Contracts.TokenTrackingStopped.Reason" reads as "TokenTrackingStopped.Reason".
    public static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var parenthesis = name.IndexOf('(', StringComparison.Ordinal);
        if (parenthesis >= 0)
        {
            name = name[..parenthesis];
        }

        const string Namespace = "Tchek.Events.Contracts.";
        return name.StartsWith(Namespace, StringComparison.Ordinal) ? name[Namespace.Length..] : name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
