namespace Tchek.Events.UnitTests;

/// <summary>
/// The README's subscriber guide shows the compiled example verbatim: the solution builds
/// examples/csharp-subscriber and an integration test runs it, so what readers copy works.
/// </summary>
public sealed class ReadmeExampleTests
{
    [Theory]
    [InlineData("examples/csharp-subscriber/Program.cs")]
    [InlineData("examples/csharp-subscriber/TokenEventsConsumer.cs")]
    public void The_readme_shows_the_compiled_subscriber_file_verbatim(string file)
    {
        var readme = Normalise(File.ReadAllText(Repository.PathOf("README.md")));
        var source = Normalise(File.ReadAllText(Repository.PathOf(file)));

        Assert.True(
            readme.Contains("```csharp\n" + source + "```\n", StringComparison.Ordinal),
            $"README.md does not show {file} as it is: copy the file into the README's ```csharp block (or the file from the README).");
    }

    [Fact]
    public void The_example_project_is_built_with_the_solution()
    {
        var solution = File.ReadAllText(Repository.PathOf("Tchek.Events.sln"));

        Assert.Contains(@"examples\csharp-subscriber\Tchek.Events.Examples.Subscriber.csproj", solution, StringComparison.Ordinal);
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
