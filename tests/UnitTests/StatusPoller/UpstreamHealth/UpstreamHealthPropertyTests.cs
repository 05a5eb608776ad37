using CsCheck;
using Tchek.Events.StatusPoller.UpstreamHealth.Rules;

namespace Tchek.Events.UnitTests.StatusPoller.UpstreamHealth;

/// <summary>
/// The rule run over random histories, as the monitor runs it (one check every few seconds, the
/// window fed by random poll outcomes and holds): episodes alternate strictly, Degraded then
/// Restored, and a Restored only ever follows a whole calm period.
/// </summary>
public sealed class UpstreamHealthPropertyTests
{
    private static readonly UpstreamHealthRuleTests.Policy Small = new(TimeSpan.FromSeconds(30), 0.5, 4, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(15));

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // One check: seconds since the previous one, polls that finished meanwhile (each failed or not), and maybe a new hold.
    private sealed record Step(int Seconds, bool[] Polls, int? HoldSeconds);

    private static readonly Gen<Step> AStep = Gen.Select(
        Gen.Int[1, 10],
        Gen.Bool.Array[0, 8],
        Gen.Int[-240, 60],
        // A hold one step in five: a draw below 1 is none.
        (seconds, polls, hold) => new Step(seconds, polls, hold >= 1 ? hold : null));

    private static readonly Gen<Step[]> AHistory = AStep.Array[1, 200];

    [Fact]
    public void Degraded_and_Restored_alternate_and_start_with_Degraded()
    {
        AHistory.Sample(history =>
        {
            var transitions = Run(history).Select(t => t.Transition).Where(t => t is HealthTransition.Opened or HealthTransition.Closed).ToList();
            for (var i = 0; i < transitions.Count; i++)
            {
                Assert.Equal(i % 2 == 0 ? HealthTransition.Opened : HealthTransition.Closed, transitions[i]);
            }
        });
    }

    [Fact]
    public void Restored_comes_only_after_calm_checks_for_the_whole_calm_period()
    {
        AHistory.Sample(history =>
        {
            var run = Run(history);
            for (var i = 0; i < run.Count; i++)
            {
                if (run[i].Transition != HealthTransition.Closed)
                {
                    continue;
                }

                // Every check within the calm period before this one was calm, back to the episode's last unsettled one.
                var lastUnsettled = run.Take(i).LastOrDefault(r => r.Transition is HealthTransition.Opened or HealthTransition.Unsettled);
                Assert.NotNull(lastUnsettled);
                Assert.True(run[i].At - lastUnsettled.At >= Small.CalmPeriod);
                Assert.All(run.Skip(run.IndexOf(lastUnsettled) + 1).Take(i - run.IndexOf(lastUnsettled)), r => Assert.True(r.Calm));
            }
        });
    }

    [Fact]
    public void An_episode_id_is_used_by_one_episode_only()
    {
        AHistory.Sample(history =>
        {
            var opened = Run(history).Where(r => r.Transition == HealthTransition.Opened).Select(r => r.Episode!.Id).ToList();
            Assert.Equal(opened.Count, opened.Distinct().Count());
        });
    }

    private sealed record Checked(DateTimeOffset At, HealthTransition Transition, UpstreamEpisode? Episode, bool Calm);

    private static List<Checked> Run(Step[] history)
    {
        var now = Start;
        var polls = new List<(DateTimeOffset At, bool Failed)>();
        RetryAfterHold? hold = null;
        UpstreamEpisode? open = null;
        var run = new List<Checked>();
        var ids = 0;
        foreach (var step in history)
        {
            now = now.AddSeconds(step.Seconds);
            polls.AddRange(step.Polls.Select(failed => (now, failed)));
            if (step.HoldSeconds is { } wait)
            {
                hold = new RetryAfterHold(TimeSpan.FromSeconds(wait), now.AddSeconds(wait));
            }

            var inWindow = polls.Where(p => p.At > now - Small.Window).ToList();
            var seen = new UpstreamObservation(inWindow.Count, inWindow.Count(p => p.Failed), polls.Count > 0 && polls[^1].Failed, hold);
            var decision = UpstreamHealthRule.Check(open, seen, now, new Guid(++ids, 0, 0, new byte[8]), Small);
            open = decision.Transition == HealthTransition.Closed ? null : decision.Episode;
            run.Add(new Checked(now, decision.Transition, decision.Episode, UpstreamHealthRule.IsCalm(seen, now, Small)));
        }

        return run;
    }
}
