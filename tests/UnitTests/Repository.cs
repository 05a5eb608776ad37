namespace Tchek.Events.UnitTests;

/// <summary>The repository's files, for tests that hold the docs and the sources to what the code does.</summary>
internal static class Repository
{
    /// <summary>The folder that holds <c>Tchek.Events.sln</c>, above the test's own directory.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tchek.Events.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Tchek.Events.sln not found above the test's directory.");
    }
}
