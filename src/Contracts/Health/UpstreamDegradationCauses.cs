namespace Tchek.Events.Contracts;

/// <summary>The values of <see cref="UpstreamDegraded.Cause"/> and <see cref="UpstreamRestored.Cause"/>.</summary>
public static class UpstreamDegradationCauses
{
    /// <summary>The failed-poll ratio over the window was above its threshold, with enough polls to judge.</summary>
    public const string FailedPolls = nameof(FailedPolls);

    /// <summary>The vendor asked for a <c>Retry-After</c> hold longer than its threshold (it takes precedence when both hold).</summary>
    public const string RetryAfterHold = nameof(RetryAfterHold);
}
