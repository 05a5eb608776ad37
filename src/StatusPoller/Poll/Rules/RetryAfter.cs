namespace Tchek.Events.StatusPoller.Poll.Rules;

/// <summary>
/// Reads a <c>Retry-After</c> header (RFC 9110, 10.2.3). A wait over the cap is cut to it, so one header cannot silence
/// the poller for a day; a value in neither form is no Retry-After.
/// </summary>
internal static class RetryAfter
{
    /// <summary>The wait the header asks for, at most <paramref name="max"/>; zero for a date in the past; null when absent or unreadable.</summary>
    public static TimeSpan? Parse(string? header, DateTimeOffset now, TimeSpan max)
    {
        var value = header?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.All(char.IsAsciiDigit))
        {
            // Digits only: seconds, however many (a value past long's range is "very long": the cap).
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < max.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : max;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < max ? wait : max;
        }

        return null;
    }
}
