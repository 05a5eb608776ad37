namespace Tchek.Events.Simulator.Lifecycles;

/// <summary>A token's whole life as steps in time order. Pure.</summary>
internal static class Lifecycle
{
    /// <summary>The step in force <paramref name="elapsed"/> after creation (the first one before any).</summary>
    public static LifecycleStep StepAt(IReadOnlyList<LifecycleStep> steps, TimeSpan elapsed)
    {
        var current = steps[0];
        foreach (var step in steps)
        {
            if (step.At > elapsed)
            {
                break;
            }

            current = step;
        }

        return current;
    }

    /// <summary>
    /// When the status in force at <paramref name="elapsed"/> was set. A repeated 6 is a second chase-up and sets the
    /// status anew; a step that only expires the token or changes the damage figure does not.
    /// </summary>
    public static TimeSpan StatusSetAt(IReadOnlyList<LifecycleStep> steps, TimeSpan elapsed)
    {
        var setAt = steps[0].At;
        for (var i = 1; i < steps.Count && steps[i].At <= elapsed; i++)
        {
            var (previous, step) = (steps[i - 1], steps[i]);
            var chaseUpAgain = step.Status == 6 && step with { At = previous.At } == previous;
            if (step.Status != previous.Status || chaseUpAgain)
            {
                setAt = step.At;
            }
        }

        return setAt;
    }

    /// <summary>Refuses lives the vendor could not produce: unordered times, unknown statuses, a first step after creation.</summary>
    public static string? Validate(IReadOnlyList<LifecycleStep>? steps)
    {
        if (steps is not { Count: > 0 })
        {
            return "A lifecycle needs at least one step.";
        }

        if (steps[0].At != TimeSpan.Zero)
        {
            return "The first step is the token's creation: its time must be 0.";
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Status is < 0 or > 6)
            {
                return $"Step {i}: status {steps[i].Status} is outside 0..6.";
            }

            if (i > 0 && steps[i].At < steps[i - 1].At)
            {
                return $"Step {i}: steps must be in time order.";
            }
        }

        return null;
    }
}
