using CsCheck;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>
/// Rule 2 as properties: the milestones a token gets do not depend on how often it is polled.
/// CsCheck shrinks a failure to the smallest history and cadence that break the rule.
/// </summary>
public sealed class CadencePropertyTests
{
    private const int Iterations = 2_000;

    /// <summary>
    /// A normal life: progress (0..5) never goes back, chase-ups (6) come anywhere and repeatedly,
    /// and the life ends at its highest progress. (A life that ends on 6 hides the progress made
    /// just before it from any poller that did not see it; no cadence can make that up.)
    /// </summary>
    private static readonly Gen<int[]> NormalLife =
        Gen.Select(Gen.Int[0, 5].Array[1, 20], Gen.Int[0, 4].Array[20], (progress, chase) =>
        {
            Array.Sort(progress);
            var life = new List<int>();
            for (var i = 0; i < progress.Length; i++)
            {
                // A chase-up before this progress status one time in five.
                if (chase[i] == 0)
                {
                    life.Add(TokenStatusCodes.ChasedUp);
                }

                life.Add(progress[i]);
            }

            return life.ToArray();
        });

    /// <summary>A life and which of its states a poller happened to see; it always sees the last one.</summary>
    private static readonly Gen<(int[] Life, int[] Seen)> LifeAndCadence =
        NormalLife.SelectMany(life => Gen.Bool.Array[life.Length].Select(mask =>
            (life, Enumerable.Range(0, life.Length).Where(i => mask[i] || i == life.Length - 1).ToArray())));

    /// <summary>Any history at all, regressions and repeats included.</summary>
    private static readonly Gen<(int[] Life, int[] Seen)> AnyHistoryAndCadence =
        Gen.Int[0, 6].Array[1, 25].SelectMany(life => Gen.Bool.Array[life.Length].Select(mask =>
            (life, Enumerable.Range(0, life.Length).Where(i => mask[i] || i == life.Length - 1).ToArray())));

    [Fact]
    public void Milestones_do_not_depend_on_the_polling_cadence()
    {
        var cases = 0;
        LifeAndCadence.Sample((life, seen) =>
        {
            Interlocked.Increment(ref cases);
            var everyState = Poll(life, [.. Enumerable.Range(0, life.Length)]);
            var someStates = Poll(life, seen);

            Assert.Equal(MilestoneTypes(everyState), MilestoneTypes(someStates));
            AssertGaplessFromOne(everyState);
            AssertGaplessFromOne(someStates);
        }, iter: Iterations, print: Print);

        Assert.True(cases >= 1_000, $"only {cases} cases ran");
    }

    [Fact]
    public void Any_history_yields_each_milestone_up_to_the_highest_progress_seen_once_in_order()
    {
        var cases = 0;
        AnyHistoryAndCadence.Sample((life, seen) =>
        {
            Interlocked.Increment(ref cases);
            var events = Poll(life, seen);
            var highestSeen = seen.Select(i => life[i]).Where(TokenStatusCodes.IsProgress).DefaultIfEmpty(0).Max();

            Assert.Equal(
                Enumerable.Range(1, highestSeen).Select(MilestoneType),
                MilestoneTypes(events));
            AssertGaplessFromOne(events);
            Assert.All(events, e => Assert.Equal(TokenEventIds.For(e.TokenUid, e.Sequence), e.EventId));
            Assert.Equal(events.Count(e => e is TokenTracked), events.Count > 0 ? 1 : 0);
            Assert.IsType<TokenTracked>(events[0]);
        }, iter: Iterations, print: Print);

        Assert.True(cases >= 1_000, $"only {cases} cases ran");
    }

    private static List<TokenEvent> Poll(int[] life, int[] seen)
    {
        var events = new List<TokenEvent>();
        TokenState? state = null;
        foreach (var i in seen)
        {
            var detection = ChangeDetector.Detect(state, Snapshot(life, i), Snapshots.Start.AddMinutes(i).AddSeconds(30));
            events.AddRange(detection.Events);
            state = detection.State;
        }

        return events;
    }

    // The vendor stamps a status when it is set: a repeat of the same status keeps the time of the first.
    private static TokenSnapshot Snapshot(int[] life, int index)
    {
        var setAt = index;
        while (setAt > 0 && life[setAt - 1] == life[index] && life[index] != TokenStatusCodes.ChasedUp)
        {
            setAt--;
        }

        return Snapshots.At(life[index], setAt);
    }

    private static Type[] MilestoneTypes(IEnumerable<TokenEvent> events) =>
        [.. events.Where(EventNotation.IsMilestone).Select(e => e.GetType())];

    private static Type MilestoneType(int progress) => progress switch
    {
        1 => typeof(InspectionStarted),
        2 => typeof(FirstPictureTaken),
        3 => typeof(PicturesCompleted),
        4 => typeof(DamageValidationStarted),
        _ => typeof(InspectionCompleted),
    };

    private static void AssertGaplessFromOne(List<TokenEvent> events) =>
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));

    private static string Print((int[] Life, int[] Seen) c) =>
        $"life [{string.Join(", ", c.Life)}], seen at indexes [{string.Join(", ", c.Seen)}]";
}
