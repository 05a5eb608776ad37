namespace Tchek.Events.Chaos.Checking;

/// <summary>One step of a token's true life as the simulator played it: from <paramref name="At"/> (real time) the vendor answers this.</summary>
internal sealed record TrueStep(DateTimeOffset At, int Status, bool Expired, decimal? PercentDamage);

/// <summary>A token's whole true life, and how the pollers asked the simulator for it.</summary>
internal sealed record TrueToken(string Uid, IReadOnlyList<TrueStep> Steps, int EarlyRequests, int Overlaps)
{
    public TrueStep Final => Steps[^1];

    /// <summary>The statuses the vendor showed, in order, each repeat folded into one: any status path a poller reports is a subsequence of it.</summary>
    public IReadOnlyList<int> StatusPath =>
        [.. Steps.Select(s => s.Status).Where((status, i) => i == 0 || Steps[i - 1].Status != status)];

    /// <summary>
    /// The <c>tradeinStatusUpdatedAt</c> of each chase-up, to the millisecond as the vendor writes it:
    /// a 6 after another status, or a 6 again that changes nothing else (a second message).
    /// </summary>
    public IReadOnlyList<DateTimeOffset> ChaseUps =>
    [
        .. Steps.Where((s, i) => s.Status == 6 && (i == 0 || Steps[i - 1].Status != 6 || s with { At = Steps[i - 1].At } == Steps[i - 1]))
            .Select(s => Millis(s.At)),
    ];

    public static DateTimeOffset Millis(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
