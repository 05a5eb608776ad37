extern alias simulator;

using simulator::Tchek.Events.Simulator.Lifecycles;

namespace Tchek.Events.UnitTests.Simulator;

public sealed class LifeFamiliesTests
{
    private static readonly LifeFamily[] Families = [LifeFamily.Prompt, LifeFamily.Slow, LifeFamily.Office];

    public static TheoryData<string> EachFamily => [.. Families.Select(f => f.ToString())];

    [Theory]
    [MemberData(nameof(EachFamily))]
    public void Every_life_is_one_the_vendor_could_produce_and_ends_expired(string name)
    {
        var family = Enum.Parse<LifeFamily>(name);
        foreach (var life in LifeFamilies.Generate(family, 2_000, seed: 7))
        {
            Assert.Null(Lifecycle.Validate(life.Steps));
            var progress = life.Steps.Select(s => s.Status).Where(s => s != 6).ToList();
            Assert.Equal(progress.Order(), progress);
            Assert.InRange(life.Start, TimeSpan.Zero, LifeFamilyParameters.StartSpread);

            // Expiry comes at the link's validity, once; the customer acts only before it, staff may validate after it.
            var expiry = Assert.Single(life.Steps, s => s.Expired && !life.Steps.Any(e => e.Expired && e.At < s.At));
            Assert.Equal(life.ValidFor, expiry.At);
            Assert.All(life.Steps.Where(s => s.Status is 1 or 2 or 3 or 6 && !s.Expired), s => Assert.True(s.At < life.ValidFor));
            Assert.All(life.Steps.Where(s => s.At > life.ValidFor), s => Assert.Contains(s.Status, new[] { 4, 5 }));

            // Chase-ups only while the pictures are not all in; a damage figure only with validation.
            var picturesAt = life.Steps.FirstOrDefault(s => s.Status is 3 or 4 or 5)?.At ?? TimeSpan.MaxValue;
            Assert.All(life.Steps.Where(s => s.Status == 6), s => Assert.True(s.At < picturesAt));
            Assert.All(life.Steps.Where(s => s.PercentDamage is not null), s => Assert.Contains(s.Status, new[] { 4, 5 }));
            Assert.Equal(life.Steps.Any(s => s.Status == 3), life.Steps.Any(s => s.Status == 5));
        }
    }

    [Theory]
    [MemberData(nameof(EachFamily))]
    public void The_same_seed_gives_the_same_lives_and_another_seed_others(string name)
    {
        var family = Enum.Parse<LifeFamily>(name);
        var once = LifeFamilies.Generate(family, 200, seed: 3);
        var again = LifeFamilies.Generate(family, 200, seed: 3);
        var other = LifeFamilies.Generate(family, 200, seed: 4);

        Assert.Equal(once.Select(Describe), again.Select(Describe));
        Assert.NotEqual(once.Select(Describe), other.Select(Describe));
    }

    [Fact]
    public void The_families_medians_are_those_docs_benchmarks_md_gives()
    {
        var lives = Families.ToDictionary(f => f, f => LifeFamilies.Generate(f, 4_000, seed: 11));
        TimeSpan Median(LifeFamily family, Func<LifecycleStep, bool> reached) =>
            Percentile50([.. lives[family].Select(l => l.Steps.FirstOrDefault(reached)?.At).OfType<TimeSpan>()]);

        var opened = Families.Select(f => Median(f, s => s.Status is >= 1 and <= 5)).ToList();
        var completed = Families.Select(f => Median(f, s => s.Status == 5)).ToList();

        // docs/benchmarks.md, "The lives": median time to open and to the report, per family.
        Assert.InRange(opened[0], TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));
        Assert.InRange(opened[1], TimeSpan.FromHours(6), TimeSpan.FromHours(10));
        Assert.InRange(opened[2], TimeSpan.FromHours(1.5), TimeSpan.FromHours(3.5));
        Assert.InRange(completed[0], TimeSpan.FromHours(2), TimeSpan.FromHours(4));
        Assert.InRange(completed[1], TimeSpan.FromHours(14), TimeSpan.FromHours(24));
        Assert.InRange(completed[2], TimeSpan.FromHours(4), TimeSpan.FromHours(9));
    }

    [Fact]
    public void Office_lives_change_only_in_office_hours_and_chase_up_at_nine()
    {
        foreach (var life in LifeFamilies.Generate(LifeFamily.Office, 2_000, seed: 5))
        {
            // The run starts at 08:00 on day 0: a step's time of day is 08:00 + start + offset.
            foreach (var step in life.Steps.Skip(1).Where(s => s.At != life.ValidFor))
            {
                var timeOfDay = TimeSpan.FromTicks((LifeClock.OpensAt + life.Start + step.At).Ticks % TimeSpan.TicksPerDay);
                Assert.InRange(timeOfDay, LifeClock.OpensAt, LifeClock.ClosesAt);
                if (step.Status == 6)
                {
                    Assert.Equal(TimeSpan.FromHours(9), timeOfDay);
                }
            }
        }
    }

    [Theory]
    // Offsets from the creation; the run starts at 08:00 on day 0.
    [InlineData(false, 0, 9.5, 1, 10.5)]
    [InlineData(true, 0, 9.5, 1, 24.5)] // at 17:30: 30 min today, 30 min from 08:00 tomorrow
    [InlineData(true, 0, 12, 1, 25)] // at 20:00: from 08:00 tomorrow
    [InlineData(true, 0, 0, 25, 24 + 24 + 5)] // 10 h a day: 25 h of office time end at 13:00 on day 2
    [InlineData(true, 0.5, 0, 1, 1)] // created at 08:30
    [InlineData(true, 0.5, 9.25, 1, 24.25)] // created at 08:30; at 17:45, 15 min today and 45 min tomorrow: 08:45
    public void Office_time_passes_only_in_office_hours(bool office, double createdHours, double atHours, double workHours, double expectedHours)
    {
        var clock = new LifeClock(office, TimeSpan.FromHours(createdHours));

        Assert.Equal(TimeSpan.FromHours(expectedHours), clock.Advance(TimeSpan.FromHours(atHours), TimeSpan.FromHours(workHours)));
    }

    private static string Describe(FamilyLife life) => $"{life.Start}|{string.Join(";", life.Steps)}";

    private static TimeSpan Percentile50(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
