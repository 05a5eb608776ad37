namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// The intervals <see cref="PollSchedule"/> decides with. An interface so that the schedule stays
/// free of configuration: the polling options implement it, tests may pass their own.
/// </summary>
internal interface ISchedulePolicy
{
    /// <summary>Which rule plans the interval after a successful poll.</summary>
    SchedulePolicyKind Policy { get; }

    /// <summary>Fixed: interval while the link is unopened (status 0, no progress).</summary>
    TimeSpan UnopenedInterval { get; }

    /// <summary>Fixed: interval while an inspection is under way (progress 1..4, or a chase-up).</summary>
    TimeSpan ActiveInterval { get; }

    /// <summary>Fixed: interval after completion, during the completed tail.</summary>
    TimeSpan CompletedInterval { get; }

    /// <summary>Adaptive: the factor each unchanged poll lengthens the interval by (&gt; 1).</summary>
    double AdaptiveGrowth { get; }

    /// <summary>Adaptive: the floor and ceiling of <paramref name="stage"/>'s interval.</summary>
    StageBounds AdaptiveBounds(AdaptiveStage stage);

    /// <summary>How long a completed token is still polled (late damage figures); then tracking stops.</summary>
    TimeSpan CompletedTail { get; }

    /// <summary>How long past its expiry an expired token whose pictures are in is still polled.</summary>
    TimeSpan ExpiredValidationGrace { get; }

    /// <summary>First back-off after a failed poll; doubles with each consecutive failure.</summary>
    TimeSpan FailureBackoff { get; }

    /// <summary>Longest back-off.</summary>
    TimeSpan MaxFailureBackoff { get; }

    /// <summary>Each interval is spread by up to this fraction either way.</summary>
    double JitterRatio { get; }

    /// <summary>Consecutive "not found" answers after which tracking stops.</summary>
    int NotFoundThreshold { get; }
}
