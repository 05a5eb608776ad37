namespace Tchek.Events.IntegrationTests.OperatorConsole.Browser;

/// <summary>
/// Where the browser tests put their screenshots: <c>TestResults/console/</c> at the repository's
/// root (the folder holding <c>Tchek.Events.sln</c> above the test's own directory), and the
/// token detail page's also at <c>docs/console.png</c> when <c>TCHEK_UPDATE_DOCS=1</c>.
/// </summary>
internal static class Screenshots
{
    public const string UpdateDocsVariable = "TCHEK_UPDATE_DOCS";

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "TestResults", "console")).FullName;

    public static string DocsImage => Path.Combine(RepositoryRoot, "docs", "console.png");

    public static bool UpdateDocs => Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tchek.Events.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Tchek.Events.sln not found above {AppContext.BaseDirectory}: where do the screenshots go?");
    }
}
