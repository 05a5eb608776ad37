extern alias simulator;

using simulator::Tchek.Events.Simulator;
using simulator::Tchek.Events.Simulator.Lifecycles;

namespace Tchek.Events.UnitTests.Simulator;

/// <summary>docs/contributing/simulator.md says how long each kind of life lasts: the figures it gives are the code's.</summary>
public sealed class LifeDurationsTests
{
    private const string Page = "docs/contributing/simulator.md";

    [Fact]
    public void The_simulator_page_gives_the_random_and_sample_lives_lengths_the_code_produces()
    {
        var meanStep = new SimulatorOptions().MeanStep;
        var random = new Random(17);
        var lastChanges = Enumerable.Range(0, 20_000).Select(_ => RandomLifecycles.Generate(random, meanStep)[^1].At).Order().ToList();
        var mean = TimeSpan.FromTicks((long)lastChanges.Average(t => t.Ticks));
        var ninetieth = lastChanges[lastChanges.Count * 9 / 10];
        // The longest a random life can be: every step the longest (1.5 × MeanStep), with every optional one drawn.
        const int MostSteps = (3 * 2) + 5 + 2;
        var sample = RandomLifecycles.Sample(TimeSpan.FromSeconds(4))[^1].At;
        var page = File.ReadAllText(Repository.PathOf(Page));

        Assert.Equal(TimeSpan.FromMinutes(2), meanStep);
        Assert.All(lastChanges, t => Assert.True(t <= meanStep * 1.5 * MostSteps));
        foreach (var said in new[]
        {
            $"about {mean.TotalMinutes:0} minutes",
            $"90 % within {Math.Ceiling(ninetieth.TotalMinutes):0} minutes",
            $"at most {(meanStep * 1.5 * MostSteps).TotalMinutes:0} minutes",
            $"{sample.TotalSeconds:0} s after",
        })
        {
            Assert.True(page.Contains(said, StringComparison.Ordinal), $"{Page} should say \"{said}\" (computed from the lifecycle code), in its part on how long lives last.");
        }
    }
}
