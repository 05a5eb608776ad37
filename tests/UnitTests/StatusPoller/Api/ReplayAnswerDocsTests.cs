using System.Text.Json;
using Tchek.Events.StatusPoller.Api;

namespace Tchek.Events.UnitTests.StatusPoller.Api;

/// <summary>docs/operating/replay.md explains every field of the replay's answer, as the API names it.</summary>
public sealed class ReplayAnswerDocsTests
{
    private const string Page = "docs/operating/replay.md";

    [Fact]
    public void The_replay_page_explains_each_field_of_the_answer()
    {
        var page = File.ReadAllText(Repository.PathOf(Page));
        var fields = typeof(ReplayResult).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();

        Assert.Equal(["replayed", "truncated"], fields);
        Assert.All(fields, field => Assert.True(
            page.Contains($"- `{field}`: ", StringComparison.Ordinal),
            $"{Page} should explain the replay answer's `{field}` in its list of the answer's fields (\"- `{field}`: ...\")."));
        Assert.Contains("`Api:MaxReplayEvents`", page, StringComparison.Ordinal);
    }
}
