using System.Globalization;
using System.Text;
using CsCheck;
using Tchek.Events.Contracts;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.UnitTests.StatusPoller.Decide;

/// <summary>
/// The Adaptive policy over random token lives polled at random times (a random first poll, random
/// lateness of each poll behind its plan, random jitter draws), through <see cref="PollDecision"/>
/// as the worker calls it: a tracked token is never planned further than its stage's ceiling plus
/// jitter, expiry is still caught within a second, and failures back off exactly as under Fixed.
/// </summary>
public sealed class AdaptivePolicyPropertyTests
{
    private const string Uid = VendorPayloads.Uid;
    private const double JitterRatio = 0.1;
    private static readonly DateTimeOffset Start = new(2023, 6, 14, 8, 0, 0, TimeSpan.Zero);

    private static readonly PollingOptions Adaptive = Policy(SchedulePolicyKind.Adaptive);
    private static readonly PollingOptions Fixed = Policy(SchedulePolicyKind.Fixed);

    // Both policies with the same failure settings; lives of hours, so floors and ceilings of seconds to minutes.
    private static PollingOptions Policy(SchedulePolicyKind kind) => new()
    {
        Policy = kind,
        JitterRatio = JitterRatio,
        UnopenedInterval = TimeSpan.FromMinutes(5),
        ActiveInterval = TimeSpan.FromSeconds(30),
        CompletedInterval = TimeSpan.FromMinutes(10),
        CompletedTail = TimeSpan.FromHours(1),
        ExpiredValidationGrace = TimeSpan.FromHours(1),
        FailureBackoff = TimeSpan.FromSeconds(15),
        MaxFailureBackoff = TimeSpan.FromMinutes(10),
        NotFoundThreshold = 4,
        Adaptive = new AdaptivePollingOptions
        {
            Growth = 1.5,
            Unopened = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)),
            Shooting = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
            AwaitingValidation = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)),
            Validating = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
            Completed = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(20)),
        },
    };

    /// <summary>A life: the vendor's status changes (seconds after <see cref="Start"/>, status) and its expiry.</summary>
    public sealed record Life((int At, int Status)[] Changes, int ExpiresIn)
    {
        public int StatusAt(double seconds) => Changes.Where(c => c.At <= seconds).Select(c => c.Status).DefaultIfEmpty(TokenStatusCodes.Created).Last();

        public int SetAt(double seconds) => Changes.Where(c => c.At <= seconds).Select(c => c.At).DefaultIfEmpty(0).Last();

        public override string ToString() =>
            $"expires at {ExpiresIn} s; changes {string.Join(", ", Changes.Select(c => $"{c.At} s → {c.Status}"))}";
    }

    /// <summary>
    /// Progress that never goes back, chase-ups anywhere, changes clustered (a few seconds apart) or
    /// far apart (up to two hours), and an expiry anywhere in the first six hours, after the
    /// first poll (a token tracked once expired has no expiry to catch).
    /// </summary>
    private static readonly Gen<Life> ALife =
        Gen.Select(Gen.Int[0, 5].Array[0, 8], Gen.Int[0, 4].Array[8], Gen.Int[1, 7200].Array[16], Gen.Bool.Array[16], Gen.Int[601, 6 * 3600])
            .Select((progress, chase, gaps, clustered, expiresIn) =>
            {
                Array.Sort(progress);
                var statuses = new List<int>();
                for (var i = 0; i < progress.Length; i++)
                {
                    if (chase[i] == 0)
                    {
                        statuses.Add(TokenStatusCodes.ChasedUp);
                    }

                    statuses.Add(progress[i]);
                }

                var at = 0;
                var changes = new List<(int, int)>();
                for (var i = 0; i < statuses.Count; i++)
                {
                    at += clustered[i] ? 1 + (gaps[i] % 30) : gaps[i];
                    changes.Add((at, statuses[i]));
                }

                return new Life([.. changes], expiresIn);
            });

    /// <summary>A life, when the poller first gets to it (seconds), and per poll a lateness (ms) and a jitter draw.</summary>
    private static readonly Gen<(Life Life, int FirstPoll, int[] Lateness, double[] Jitter)> ARun =
        Gen.Select(ALife, Gen.Int[0, 600], Gen.Int[0, 2000].Array[64], Gen.Double[-1, 1].Array[64]);

    private sealed record Poll(DateTimeOffset At, int Status, PollDecision Decision, TimeSpan Lateness);

    // Polls the life until tracking stops: each poll at its plan plus some lateness, the interval
    // carried from plan to plan as the row carries it.
    private static List<Poll> Run(Life life, int firstPoll, int[] lateness, double[] jitter, PollingOptions policy)
    {
        var polls = new List<Poll>();
        TokenState? stored = null;
        DateTimeOffset? completedAt = null;
        TimeSpan? interval = null;
        var at = Start.AddSeconds(firstPoll);
        var late = TimeSpan.Zero;
        for (var i = 0; i < 5_000; i++)
        {
            var seconds = (at - Start).TotalSeconds;
            var status = life.StatusAt(seconds);
            var decision = PollDecision.Of(Uid, stored, 0, completedAt, Answer(life, seconds), at, jitter[i % jitter.Length], policy, interval);
            polls.Add(new Poll(at, status, decision, late));
            if (decision.Plan.Stops)
            {
                return polls;
            }

            stored = decision.State ?? stored;
            completedAt = decision.Plan.CompletedAt;
            interval = decision.Plan.Interval ?? interval;
            late = TimeSpan.FromMilliseconds(lateness[i % lateness.Length]);
            at = decision.Plan.NextPollAt!.Value + late;
        }

        throw new InvalidOperationException("The token was still tracked after 5000 polls.");
    }

    private static FetchResult Answer(Life life, double seconds) => FetchResult.Answered(Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t =>
    {
        t["tradeinStatus"] = life.StatusAt(seconds);
        t["tradeinStatusUpdatedAt"] = Iso(Start.AddSeconds(life.SetAt(seconds)));
        t["expired"] = seconds >= life.ExpiresIn;
        t["expiresIn"] = Iso(Start.AddSeconds(life.ExpiresIn));
    })));

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Print((Life Life, int FirstPoll, int[] Lateness, double[] Jitter) run) =>
        $"{run.Life}; first poll at {run.FirstPoll} s; lateness (ms) [{string.Join(", ", run.Lateness.Take(8))}, ...]";

    private static StageBounds BoundsAfter(PollDecision decision) =>
        ((ISchedulePolicy)Adaptive).AdaptiveBounds(AdaptiveStages.Of(decision.State!.Progress));

    [Fact]
    public void A_tracked_token_is_polled_at_least_every_ceiling_plus_jitter()
    {
        ARun.Sample((life, firstPoll, lateness, jitter) =>
        {
            var polls = Run(life, firstPoll, lateness, jitter, Adaptive);
            foreach (var (poll, next) in polls.Zip(polls.Skip(1)))
            {
                var ceiling = BoundsAfter(poll.Decision).Ceiling;
                // The gap the poller meant (the next poll's lateness is the poller's, not the policy's).
                Assert.True(next.At - next.Lateness - poll.At <= ceiling * (1 + JitterRatio), $"polled {next.At - poll.At} after {poll.At:O}, ceiling {ceiling}");
                Assert.InRange(poll.Decision.Plan.Interval!.Value, BoundsAfter(poll.Decision).Floor, ceiling);
            }
        }, print: Print);
    }

    [Fact]
    public void A_change_plans_the_floor_and_a_quiet_poll_never_shortens_the_interval_within_a_stage()
    {
        ARun.Sample((life, firstPoll, lateness, jitter) =>
        {
            var polls = Run(life, firstPoll, lateness, jitter, Adaptive).Where(p => !p.Decision.Plan.Stops).ToList();
            Assert.Equal(BoundsAfter(polls[0].Decision).Floor, polls[0].Decision.Plan.Interval);
            foreach (var (poll, next) in polls.Zip(polls.Skip(1)))
            {
                var bounds = BoundsAfter(next.Decision);
                if (next.Decision.Events.Count > 0)
                {
                    Assert.Equal(bounds.Floor, next.Decision.Plan.Interval);
                }
                else
                {
                    Assert.Equal(poll.Decision.State!.Progress, next.Decision.State!.Progress);
                    Assert.True(next.Decision.Plan.Interval >= poll.Decision.Plan.Interval, "a quiet poll shortened the interval");
                    Assert.True(next.Decision.Plan.Interval > poll.Decision.Plan.Interval || next.Decision.Plan.Interval == bounds.Ceiling, "a quiet poll below the ceiling did not grow");
                }
            }
        }, print: Print);
    }

    [Fact]
    public void Expiry_is_caught_within_a_second_of_expires_in()
    {
        foreach (var policy in new[] { Adaptive, Fixed })
        {
            ARun.Sample((life, firstPoll, lateness, jitter) =>
            {
                var polls = Run(life, firstPoll, lateness, jitter, policy);
                var expiresAt = Start.AddSeconds(life.ExpiresIn);
                var first = polls.FirstOrDefault(p => p.At >= expiresAt);
                if (first is null)
                {
                    // Tracking stopped before the expiry (the completed tail ran out).
                    Assert.True(polls[^1].Decision.Plan.StopReason == TrackingStopReasons.CompletedTailElapsed && polls[^1].At < expiresAt);
                    return;
                }

                // The poll was planned within a second of the expiry; the rest is the poller's lateness.
                Assert.True(first.At - first.Lateness <= expiresAt.AddSeconds(1), $"{policy.Policy}: expiry at {expiresAt:O} first seen at {first.At:O}");
                Assert.Contains(first.Decision.Events, e => e is TokenExpired);
            }, print: Print);
        }
    }

    /// <summary>A poll's answer: valid (a status), a failure with or without Retry-After, a 404, or an invalid body.</summary>
    private static readonly Gen<FetchResult> AnAnswer = Gen.Int[0, 9].SelectMany(kind => Gen.Int[0, 6].SelectMany(status => Gen.Int[1, 3600].Select(retryAfter => kind switch
    {
        <= 3 => FetchResult.Answered(Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t => t["tradeinStatus"] = status))),
        4 => FetchResult.Failed("HTTP 502"),
        5 => FetchResult.Failed("HTTP 429", TimeSpan.FromSeconds(retryAfter)),
        6 => FetchResult.Failed("timeout"),
        7 => FetchResult.NotFound(),
        8 => FetchResult.Answered(Encoding.UTF8.GetBytes("<html>oops</html>")),
        _ => FetchResult.Answered(Encoding.UTF8.GetBytes(VendorPayloads.EditToken(t => t["tradeinStatus"] = 9))),
    })));

    [Fact]
    public void Failures_back_off_exactly_as_under_fixed_and_detection_is_the_same()
    {
        Gen.Select(AnAnswer.Array[1, 40], Gen.Double[-1, 1].Array[40], Gen.Int[1, 7200].Array[40], Gen.Int[0, 7200]).Sample((answers, jitter, gaps, previous) =>
        {
            var now = Start;
            var fixedRow = (State: (TokenState?)null, Failures: 0, CompletedAt: (DateTimeOffset?)null, Interval: (TimeSpan?)null);
            var adaptiveRow = fixedRow with { Interval = previous == 0 ? null : TimeSpan.FromSeconds(previous) };
            for (var i = 0; i < answers.Length; i++)
            {
                var underFixed = PollDecision.Of(Uid, fixedRow.State, fixedRow.Failures, fixedRow.CompletedAt, answers[i], now, jitter[i], Fixed, fixedRow.Interval);
                var underAdaptive = PollDecision.Of(Uid, adaptiveRow.State, adaptiveRow.Failures, adaptiveRow.CompletedAt, answers[i], now, jitter[i], Adaptive, adaptiveRow.Interval);

                Assert.Equal(underFixed.Outcome, underAdaptive.Outcome);
                Assert.Equal(underFixed.State, underAdaptive.State);
                Assert.Equal(underFixed.Events, underAdaptive.Events);
                if (underFixed.Outcome is not (PollOutcome.Changed or PollOutcome.Unchanged))
                {
                    // The whole plan: next poll (back-off, Retry-After), failure count, error, stop; no interval.
                    Assert.Equal(underFixed.Plan, underAdaptive.Plan);
                    Assert.Null(underAdaptive.Plan.Interval);
                }

                if (underFixed.Plan.Stops)
                {
                    return;
                }

                fixedRow = Next(fixedRow, underFixed);
                adaptiveRow = Next(adaptiveRow, underAdaptive);
                now += TimeSpan.FromSeconds(gaps[i]);
            }
        });
    }

    private static (TokenState?, int, DateTimeOffset?, TimeSpan?) Next((TokenState? State, int Failures, DateTimeOffset? CompletedAt, TimeSpan? Interval) row, PollDecision decision) =>
        (decision.State ?? row.State, decision.Plan.FailureCount, decision.Plan.CompletedAt, decision.Plan.Interval ?? row.Interval);
}
