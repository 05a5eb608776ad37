namespace Tchek.Events.UnitTests;

/// <summary>
/// The subscriber guide (docs/subscribing/csharp.md) shows the compiled example verbatim: the solution
/// builds examples/csharp-subscriber and an integration test runs it, so what readers copy works.
/// </summary>
public sealed class ReadmeExampleTests
{
    private const string Guide = "docs/subscribing/csharp.md";

    [Theory]
    [InlineData("examples/csharp-subscriber/Program.cs")]
    [InlineData("examples/csharp-subscriber/TokenEventsConsumer.cs")]
    public void The_readme_shows_the_compiled_subscriber_file_verbatim(string file)
    {
        var readme = Normalise(File.ReadAllText(Repository.PathOf(Guide)));
        var source = Normalise(File.ReadAllText(Repository.PathOf(file)));

        Assert.True(
            readme.Contains("```csharp\n" + source + "```\n", StringComparison.Ordinal),
            $"{Guide} does not show {file} as it is: copy the file into the guide's ```csharp block (or the file from the guide).");
    }

    [Fact]
    public void The_example_project_is_built_with_the_solution()
    {
        var solution = File.ReadAllText(Repository.PathOf("Tchek.Events.sln"));

        Assert.Contains(@"examples\csharp-subscriber\Tchek.Events.Examples.Subscriber.csproj", solution, StringComparison.Ordinal);
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
