using Tchek.Events.StatusPoller.OperatorConsole;
using Tchek.Events.StatusPoller.OperatorConsole.Rules;
using Tchek.Events.StatusPoller.Tokens;
using Tchek.Events.StatusPoller.Tokens.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

/// <summary>The Track page's result: one row per line, in line order, each with its outcome and reason.</summary>
public sealed class TrackReportTests
{
    [Fact]
    public void Each_line_gets_its_outcome_and_an_ended_token_is_refused_in_the_words_of_the_api_s_409()
    {
        var upload = TrackUpload.FromPaste("NEW001\nKNOWN01\nab\nENDED01\nNEW001", maxLines: 10);

        var report = TrackReport.Of(upload,
        [
            ("NEW001", TrackOutcome.Created, null),
            ("KNOWN01", TrackOutcome.AlreadyTracked, null),
            ("ENDED01", TrackOutcome.Stopped, "Completed"),
        ]);

        Assert.Equal(
        [
            new(1, "NEW001", TrackLineOutcome.Created, null),
            new(2, "KNOWN01", TrackLineOutcome.Existing, null),
            new(3, "ab", TrackLineOutcome.Refused, upload.Lines[2].Refusal),
            new(4, "ENDED01", TrackLineOutcome.Refused, $"{TrackingAnswers.EndedTitle}: {TrackingAnswers.EndedDetail("ENDED01", "Completed")}"),
            new(5, "NEW001", TrackLineOutcome.Refused, "The same uid as line 1, which is tracked once."),
        ], report.Rows);
        Assert.Equal("Tracking of this token has ended: Token ENDED01 stopped being tracked (Completed); its event stream is closed.", report.Rows[3].Reason);
        Assert.Equal("1 created, 1 existing, 3 refused.", report.Summary);
    }

    [Fact]
    public void A_line_whose_uid_tracking_did_not_answer_for_is_a_bug_not_a_silent_row()
    {
        var upload = TrackUpload.FromPaste("NEW001", maxLines: 10);

        Assert.Throws<KeyNotFoundException>(() => TrackReport.Of(upload, []));
    }

    [Theory]
    [InlineData("T3D6288 ", "T3D6288␠")]
    [InlineData(" T3D6288", "␠T3D6288")]
    [InlineData("T3D\t6288\r\n", "T3D␉6288␍␊")]
    [InlineData("T3D6288\u200B", "T3D6288\\u200B")]
    [InlineData("T3D6288\u00A0", "T3D6288\\u00A0")]
    [InlineData("T3D\u00016288", "T3D\\u00016288")]
    [InlineData("Zoé-pwa", "Zoé-pwa")]
    public void A_refused_uid_shows_the_blanks_and_controls_that_got_it_refused(string uid, string shown) =>
        Assert.Equal(shown, TrackReport.Visible(uid));

    [Fact]
    public void A_long_refused_uid_is_cut_short_never_inside_a_character()
    {
        Assert.Equal(new string('a', 80) + "…", TrackReport.Visible(new string('a', 81)));
        Assert.Equal(new string('a', 80), TrackReport.Visible(new string('a', 80)));
        Assert.Equal(new string('a', 79) + "…", TrackReport.Visible(new string('a', 79) + "🚗🚗"));
    }
}
