namespace Tchek.Events.StatusPoller.Decide;

/// <summary>
/// The Adaptive policy's rule. Changes cluster, so a poll that saw one is followed soon by another; each poll that saw
/// nothing waits <c>Growth</c> times longer than the last, up to the stage's ceiling. Pure.
/// </summary>
internal static class AdaptiveInterval
{
    /// <param name="bounds">The stage's floor and ceiling (the stage after the poll).</param>
    /// <param name="growth">The factor an unchanged poll lengthens the interval by (&gt; 1).</param>
    /// <param name="changed">Whether the poll saw a change (an event, or a new status).</param>
    /// <param name="previous">The interval the last successful poll planned; null when none is known.</param>
    public static TimeSpan Next(StageBounds bounds, double growth, bool changed, TimeSpan? previous)
    {
        if (changed || previous is not { } last)
        {
            return bounds.Floor;
        }

        // In ticks as a double: a grown interval past the ceiling must clamp, not overflow TimeSpan.
        var grown = last.Ticks * growth;
        return grown >= bounds.Ceiling.Ticks ? bounds.Ceiling
            : grown <= bounds.Floor.Ticks ? bounds.Floor
            : TimeSpan.FromTicks((long)grown);
    }
}
