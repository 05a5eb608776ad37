using System.Xml.Linq;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>The projects an app is built from, read from the csproj files.</summary>
internal static class ProjectReferences
{
    /// <summary>
    /// The folders (relative to the repository, forward slashes) of <paramref name="projectFolder"/>
    /// and of every project it references, directly or not.
    /// </summary>
    public static IReadOnlyList<string> Closure(string projectFolder)
    {
        var found = new List<string>();
        var pending = new Stack<string>([projectFolder]);
        while (pending.TryPop(out var folder))
        {
            if (found.Contains(folder))
            {
                continue;
            }

            found.Add(folder);
            var csproj = Directory.EnumerateFiles(Repository.PathOf(folder), "*.csproj").Single();
            foreach (var reference in XDocument.Load(csproj).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(path)!).Replace('\\', '/'));
            }
        }

        return found;
    }
}
