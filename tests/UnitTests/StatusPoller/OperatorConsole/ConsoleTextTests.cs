using Tchek.Events.StatusPoller.OperatorConsole;
using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole;

/// <summary>How the console writes times, durations, states and problems.</summary>
public sealed class ConsoleTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Times_are_utc_with_their_zone_named()
    {
        Assert.Equal("2026-11-29 13:03:07 UTC", ConsoleText.Time(new DateTimeOffset(2026, 11, 29, 14, 3, 7, TimeSpan.FromHours(1))));
        Assert.Equal("—", ConsoleText.Time(null));
    }

    [Fact]
    public void A_short_time_is_the_time_of_day_on_the_same_utc_day_only()
    {
        Assert.Equal("14:03:07", ConsoleText.Short(new DateTimeOffset(2026, 11, 29, 14, 3, 7, TimeSpan.Zero), Now));
        Assert.Equal("2026-11-28 23:59:59 UTC", ConsoleText.Short(new DateTimeOffset(2026, 11, 28, 23, 59, 59, TimeSpan.Zero), Now));
    }

    [Theory]
    [InlineData(0, false, null)]
    [InlineData(1, true, "replayed 1× · last 14:03:07")]
    [InlineData(2, true, "replayed 2× · last 14:03:07")]
    [InlineData(3, false, "replayed 3×")]
    public void Replayed_says_how_often_and_when_last(int count, bool withTime, string? expected)
    {
        DateTimeOffset? last = withTime ? new DateTimeOffset(2026, 11, 29, 14, 3, 7, TimeSpan.Zero) : null;

        Assert.Equal(expected, ConsoleText.Replayed(count, last, Now));
    }

    [Theory]
    [InlineData(false, null, "tracking")]
    [InlineData(false, "Untracked", "tracking")]
    [InlineData(true, null, "stopped")]
    [InlineData(true, "Untracked", "stopped (untracked by request)")]
    [InlineData(true, "Expired", "stopped (expired)")]
    [InlineData(true, "NotFound", "stopped (unknown to the vendor)")]
    [InlineData(true, "CompletedTailElapsed", "stopped (completed, no longer followed)")]
    [InlineData(true, "SomethingNew", "stopped (SomethingNew)")]
    public void States_are_words_with_the_stop_reason(bool stopped, string? reason, string expected)
    {
        Assert.Equal(expected, ConsoleText.State(stopped ? TrackingPhase.Stopped : TrackingPhase.Active, reason));
    }

    [Theory]
    [InlineData(null, "not assessed yet")]
    [InlineData("0", "0 %")]
    [InlineData("12.5", "12.5 %")]
    [InlineData("33.333", "33.33 %")]
    public void Damage_is_a_percentage_or_not_assessed(string? percent, string expected)
    {
        Assert.Equal(expected, ConsoleText.Damage(percent is null ? null : decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Expiry_says_expired_or_when_and_how_soon()
    {
        var inThreeDays = Now.AddDays(3).AddHours(4);
        Assert.Equal("expires 2026-12-02 18:30:00 UTC (in 3 d 4 h)", ConsoleText.Expiry(false, inThreeDays, Now));
        Assert.Equal("expired (validity ended 2026-11-28 14:30:00 UTC)", ConsoleText.Expiry(true, Now.AddDays(-1), Now));
        Assert.Equal("expired", ConsoleText.Expiry(true, null, Now));
        Assert.Equal("expires 2026-11-29 14:00:00 UTC (the vendor does not say expired yet)", ConsoleText.Expiry(false, Now.AddMinutes(-30), Now));
        Assert.Equal("no expiry known", ConsoleText.Expiry(false, null, Now));
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59, "59 s")]
    [InlineData(60, "1 min")]
    [InlineData(250, "4 min")]
    [InlineData(3600, "1 h")]
    [InlineData(3660, "1 h 1 min")]
    [InlineData(86400, "1 d")]
    [InlineData(90000, "1 d 1 h")]
    [InlineData(-90, "1 min")]
    public void Spans_are_said_in_their_largest_units(int seconds, string expected)
    {
        Assert.Equal(expected, ConsoleText.Span(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Errors_become_lines_naming_their_field_in_field_order()
    {
        var lines = ConsoleText.Errors(new Dictionary<string, string[]>
        {
            ["uid"] = ["A token uid is bad."],
            ["status"] = ["A status code, 0 to 6.", "Another."],
        });

        Assert.Equal(["status: A status code, 0 to 6.", "status: Another.", "uid: A token uid is bad."], lines);
    }
}
