using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.UnitTests.StatusPoller.OperatorConsole.Overview;

/// <summary>Samples for the tests: at seconds after <see cref="Start"/>, with the counters given.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static OverviewSample At(double seconds, long polls = 0, long events = 0, long throttled = 0, FailedPolls? failed = null, DatabaseFigures? database = null) =>
        new(Start.AddSeconds(seconds), new CounterTotals(polls, events, throttled, failed ?? new FailedPolls(0, 0, 0, 0)), TimeSpan.Zero, database);
}
