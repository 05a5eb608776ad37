namespace Tchek.Events.StatusPoller.Decide;

/// <summary>The Adaptive policy's interval range for one stage: the floor right after a change, the ceiling when quiet.</summary>
internal readonly record struct StageBounds(TimeSpan Floor, TimeSpan Ceiling);
