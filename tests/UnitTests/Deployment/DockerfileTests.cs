using System.Text.RegularExpressions;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>deploy/Dockerfile builds each app with every project it references (the compose CI job builds it for real).</summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.PathOf("deploy/Dockerfile"));

    [Theory]
    [InlineData("StatusPoller")]
    [InlineData("Simulator")]
    [InlineData("Consumers.Sample")]
    public void Each_app_is_restored_and_published_with_every_project_it_references(string app)
    {
        var copied = CopyLine().Matches(Dockerfile).Select(m => m.Groups["source"].Value.Replace("${APP}", app, StringComparison.Ordinal)).ToList();

        Assert.All(ProjectReferences.Closure($"src/{app}"), folder =>
        {
            var csproj = Path.GetFileName(Directory.EnumerateFiles(Repository.PathOf(folder), "*.csproj").Single());
            // The project file before the restore, its sources after it.
            Assert.Contains($"{folder}/{csproj}", copied);
            Assert.Contains($"{folder}/", copied);
        });
    }

    [GeneratedRegex(@"^COPY\s+(?<source>\S+)\s+\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
