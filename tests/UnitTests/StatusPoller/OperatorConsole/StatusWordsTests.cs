using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.OperatorConsole.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

/// <summary>Statuses in words, after the vendor's own descriptions.</summary>
public sealed class StatusWordsTests
{
    [Theory]
    [InlineData(null, "not polled yet")]
    [InlineData(TokenStatusCodes.Created, "link not opened yet")]
    [InlineData(TokenStatusCodes.Opened, "link opened, no picture yet")]
    [InlineData(TokenStatusCodes.Shooting, "taking pictures")]
    [InlineData(TokenStatusCodes.PicturesTaken, "pictures completed")]
    [InlineData(TokenStatusCodes.DamageValidation, "damage validation under way")]
    [InlineData(TokenStatusCodes.Completed, "inspection completed")]
    [InlineData(TokenStatusCodes.ChasedUp, "chase-up message sent")]
    [InlineData(7, "unknown status 7")]
    [InlineData(-1, "unknown status -1")]
    public void Each_status_has_its_words(int? status, string words)
    {
        Assert.Equal(words, StatusWords.Of(status));
    }

    [Fact]
    public void Every_defined_status_has_distinct_words_and_a_description_of_its_own()
    {
        var codes = Enumerable.Range(TokenStatusCodes.Created, TokenStatusCodes.ChasedUp + 1).ToList();

        Assert.All(codes, code => Assert.True(TokenStatusCodes.IsDefined(code)));
        Assert.Equal(codes.Count, codes.Select(c => StatusWords.Of(c)).Distinct().Count());
        Assert.Equal(codes.Count, codes.Select(c => StatusWords.Describe(c)).Distinct().Count());
        Assert.DoesNotContain(codes, c => StatusWords.Of(c).StartsWith("unknown", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "link not opened yet (step 0 of 5)")]
    [InlineData(3, "pictures completed (step 3 of 5)")]
    [InlineData(5, "inspection completed (step 5 of 5)")]
    [InlineData(6, "unknown progress 6")]
    public void Progress_is_a_step_of_five(int progress, string words)
    {
        Assert.Equal(words, StatusWords.Progress(progress));
    }
}
