namespace Tchek.Events.Simulator.Lifecycles;

/// <summary>
/// Realistic random lives: most customers open the link, shoot and get a report; some are chased up, skip statuses
/// between polls, or never finish and expire. Pure given the <see cref="Random"/>.
/// </summary>
internal static class RandomLifecycles
{
    public static IReadOnlyList<LifecycleStep> Generate(Random random, TimeSpan meanStep)
    {
        var steps = new List<LifecycleStep> { new(TimeSpan.Zero, 0) };
        var at = TimeSpan.Zero;
        TimeSpan Next() => at += meanStep * (0.5 + random.NextDouble());

        var abandonsAt = random.NextDouble() < 0.15 ? random.Next(0, 4) : int.MaxValue;
        decimal? damage = null;
        for (var status = 1; status <= 5; status++)
        {
            if (status <= 3 && random.NextDouble() < 0.2)
            {
                steps.Add(new LifecycleStep(Next(), 6));
                if (random.NextDouble() < 0.3)
                {
                    steps.Add(new LifecycleStep(Next(), 6));
                }
            }

            if (status - 1 == abandonsAt)
            {
                steps.Add(new LifecycleStep(Next(), steps[^1].Status, Expired: true));
                return steps;
            }

            // A skip: the customer moves on quicker than anyone polls.
            var gap = random.NextDouble() < 0.15 ? meanStep * 0.01 : meanStep * (0.5 + random.NextDouble());
            at += gap;
            if (status >= 4 && damage is null && random.NextDouble() < 0.7)
            {
                damage = Math.Round((decimal)(random.NextDouble() * 40), 1);
            }

            steps.Add(new LifecycleStep(at, status, PercentDamage: damage));
        }

        if (random.NextDouble() < 0.3)
        {
            // A late re-assessment after the report.
            steps.Add(new LifecycleStep(Next(), 5, PercentDamage: Math.Round((decimal)(random.NextDouble() * 40), 1)));
        }

        if (random.NextDouble() < 0.2)
        {
            steps.Add(new LifecycleStep(Next(), 5, Expired: true, PercentDamage: steps[^1].PercentDamage));
        }

        return steps;
    }

    /// <summary>The quick start's token: one of each progress step, a chase-up, a damage figure.</summary>
    public static IReadOnlyList<LifecycleStep> Sample(TimeSpan step) =>
    [
        new(TimeSpan.Zero, 0),
        new(step * 1, 1),
        new(step * 2, 6),
        new(step * 3, 2),
        new(step * 4, 3),
        new(step * 5, 4, PercentDamage: 12.5m),
        new(step * 6, 5, PercentDamage: 12.5m),
    ];
}
