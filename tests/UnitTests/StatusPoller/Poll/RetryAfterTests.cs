using Tchek.Events.StatusPoller.Poll.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.Poll;

/// <summary>What a <c>Retry-After</c> header holds us to: never more than the cap, nothing when it is not a wait.</summary>
public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(30);

    public static TheoryData<string, string?, TimeSpan?> Headers() => new()
    {
        { "seconds", "120", TimeSpan.FromMinutes(2) },
        { "seconds with blanks", " 7 ", TimeSpan.FromSeconds(7) },
        { "zero", "0", TimeSpan.Zero },
        { "a day, cut to the cap", "86400", Max },
        { "past long's range, cut to the cap", "99999999999999999999999", Max },
        { "beyond int's range, cut to the cap", "99999999999", Max },
        { "negative", "-5", null },
        { "a word", "soon", null },
        { "a fraction", "1.5", null },
        { "empty", "", null },
        { "absent", null, null },
        { "a date in the past", "Sat, 28 Nov 2026 12:00:00 GMT", TimeSpan.Zero },
        { "a date 90 s ahead", "Sun, 29 Nov 2026 12:01:30 GMT", TimeSpan.FromSeconds(90) },
        { "a date a year ahead, cut to the cap", "Mon, 29 Nov 2027 12:00:00 GMT", Max },
        { "not a date", "Sun, 32 Nov 2026 12:00:00 GMT", null },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void A_retry_after_is_a_wait_up_to_the_cap_or_nothing(string name, string? header, TimeSpan? wait)
    {
        Assert.True(wait == RetryAfter.Parse(header, Now, Max), $"{name}: {RetryAfter.Parse(header, Now, Max)}");
    }
}
