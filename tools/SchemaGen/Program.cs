namespace Tchek.Events.SchemaGen;

/// <summary>
/// <c>Tchek.Events.SchemaGen DOCS_FOLDER</c>: writes the generated files into DOCS_FOLDER (the
/// repository's <c>docs</c>) and removes schema files no contract produces any more.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine($"usage: Tchek.Events.SchemaGen DOCS_FOLDER   (from the repository root: {GeneratedDocs.Command})");
            return 2;
        }

        var docs = Path.GetFullPath(args[0]);
        var files = GeneratedDocs.Create();
        Directory.CreateDirectory(Path.Combine(docs, GeneratedDocs.SchemasFolder));
        foreach (var stale in Directory.EnumerateFiles(Path.Combine(docs, GeneratedDocs.SchemasFolder), "*.json"))
        {
            if (!files.ContainsKey($"{GeneratedDocs.SchemasFolder}/{Path.GetFileName(stale)}"))
            {
                File.Delete(stale);
                Console.WriteLine($"removed {Path.GetRelativePath(Environment.CurrentDirectory, stale)}");
            }
        }

        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(docs, relative);
            var changed = !File.Exists(path) || File.ReadAllText(path) != content;
            File.WriteAllText(path, content);
            Console.WriteLine($"{(changed ? "wrote    " : "unchanged")} {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
        }

        return 0;
    }
}
