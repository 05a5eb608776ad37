namespace Tchek.Events.UnitTests.Contracts;

/// <summary>
/// src/Contracts with the repository's build files, copied elsewhere so that a test can break the
/// contract and pack it without touching the working tree. The copy is no git repository.
/// </summary>
internal static class ContractsCopy
{
    private static readonly string[] BuildFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig", "nuget.config"];

    /// <summary>Copies into <paramref name="root"/>; returns the copy's <c>src/Contracts</c> folder.</summary>
    public static string Write(string root)
    {
        foreach (var file in BuildFiles.Where(f => File.Exists(Repository.PathOf(f))))
        {
            File.Copy(Repository.PathOf(file), Path.Combine(root, file));
        }

        var source = Repository.PathOf("src/Contracts");
        var target = Path.Combine(root, "src", "Contracts");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }
}
