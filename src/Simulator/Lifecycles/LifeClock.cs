namespace Tchek.Events.Simulator.Lifecycles;

/// <summary>
/// How durations pass for a family: round the clock, or in office hours (08:00 to 18:00, the run starting at 08:00 on
/// day 0). <paramref name="createdAt"/> is the creation's offset from the run's start.
/// </summary>
internal sealed class LifeClock(bool officeHours, TimeSpan createdAt)
{
    public static readonly TimeSpan OpensAt = TimeSpan.FromHours(8);
    public static readonly TimeSpan ClosesAt = TimeSpan.FromHours(18);

    /// <summary>The time <paramref name="work"/> of (office) time after <paramref name="at"/>.</summary>
    public TimeSpan Advance(TimeSpan at, TimeSpan work)
    {
        if (!officeHours)
        {
            return at + work;
        }

        var clock = OpensAt + createdAt + at; // since midnight of day 0
        while (true)
        {
            var day = TimeSpan.FromDays(Math.Floor(clock.TotalDays));
            var (open, close) = (day + OpensAt, day + ClosesAt);
            if (clock < open)
            {
                clock = open;
            }

            if (clock >= close)
            {
                clock = day + TimeSpan.FromDays(1) + OpensAt;
                continue;
            }

            if (clock + work <= close)
            {
                return clock + work - OpensAt - createdAt;
            }

            work -= close - clock;
            clock = day + TimeSpan.FromDays(1) + OpensAt;
        }
    }

    /// <summary>When the vendor's chase-ups go out: 24 h and 48 h after creation, or at 09:00 on the next two mornings in office hours.</summary>
    public IReadOnlyList<TimeSpan> ChaseUps()
    {
        if (!officeHours)
        {
            return [TimeSpan.FromHours(24), TimeSpan.FromHours(48)];
        }

        var created = OpensAt + createdAt;
        var morning = TimeSpan.FromDays(Math.Floor(created.TotalDays)) + TimeSpan.FromHours(9);
        return [morning + TimeSpan.FromDays(1) - created, morning + TimeSpan.FromDays(2) - created];
    }
}
