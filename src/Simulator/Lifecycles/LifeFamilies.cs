namespace Tchek.Events.Simulator.Lifecycles;

/// <summary>
/// The efficiency bench's lives by family: customers who open, shoot and are chased up, and staff who validate and
/// complete, still after <see cref="LifeFamilyParameters.ValidFor"/>. Pure: the same seed gives the same lives.
/// </summary>
internal static class LifeFamilies
{
    public static IReadOnlyList<FamilyLife> Generate(LifeFamily family, int count, int seed)
    {
        var random = new Random(unchecked((seed * 31) + (int)family));
        return [.. Enumerable.Range(0, count).Select(_ => Generate(family, random))];
    }

    public static FamilyLife Generate(LifeFamily family, Random random)
    {
        var p = LifeFamilyParameters.Of(family);
        var validFor = LifeFamilyParameters.ValidFor;
        var start = LifeFamilyParameters.StartSpread * random.NextDouble();
        var clock = new LifeClock(family == LifeFamily.Office, start);

        // The customer's plan: office-time gaps before status 1, 2 and 3, and how far they will get.
        TimeSpan[] gaps = [p.Open.Draw(random), p.FirstPicture.Draw(random), p.Pictures.Draw(random) + (random.NextDouble() < p.Pauses ? p.Pause.Draw(random) : TimeSpan.Zero)];
        var reach = random.NextDouble() < p.NeverOpens ? 0 : random.NextDouble() < p.Abandons ? random.Next(1, 3) : 3;
        var times = new TimeSpan[3];
        void PlanFrom(int index, TimeSpan at)
        {
            times[index] = at;
            for (var i = index + 1; i < times.Length; i++)
            {
                times[i] = clock.Advance(times[i - 1], gaps[i]);
            }
        }

        PlanFrom(0, clock.Advance(TimeSpan.Zero, gaps[0]));

        var chaseUps = new List<TimeSpan>();
        foreach (var chaseUp in clock.ChaseUps().Where(c => c < validFor))
        {
            var progress = Enumerable.Range(0, reach).Count(i => times[i] <= chaseUp);
            if (progress >= 3)
            {
                continue;
            }

            chaseUps.Add(chaseUp);
            if (random.NextDouble() < p.ChaseUpPrompts)
            {
                // Reminded, the customer acts sooner than planned, or comes back after giving up.
                var resumeAt = clock.Advance(chaseUp, p.Reaction.Draw(random));
                if (progress >= reach || resumeAt < times[progress])
                {
                    reach = 3;
                    PlanFrom(progress, resumeAt);
                }
            }
        }

        var events = new List<(TimeSpan At, int Status)>();
        events.AddRange(Enumerable.Range(0, reach).Where(i => times[i] < validFor).Select(i => (times[i], i + 1)));
        events.AddRange(chaseUps.Select(c => (c, 6)));
        decimal? damage = null;
        var damageAt = 6;
        if (events.Any(e => e.Status == 3))
        {
            var validationStarts = clock.Advance(times[2], p.ValidationWait.Draw(random));
            events.Add((validationStarts, 4));
            events.Add((clock.Advance(validationStarts, p.Validating.Draw(random)), 5));
            damage = Math.Round((decimal)(random.NextDouble() * 40), 1);
            damageAt = random.NextDouble() < p.DamageWithValidationStart ? 4 : 5;
        }

        const int Expiry = -1;
        events.Add((validFor, Expiry));

        var steps = new List<LifecycleStep> { new(TimeSpan.Zero, 0) };
        foreach (var (at, status) in events.OrderBy(e => e.At))
        {
            var last = steps[^1];
            steps.Add(status == Expiry
                ? last with { At = at, Expired = true }
                : new LifecycleStep(at, status, last.Expired, status is 4 or 5 && status >= damageAt ? damage : null));
        }

        return new FamilyLife(family, start, steps, validFor);
    }
}
