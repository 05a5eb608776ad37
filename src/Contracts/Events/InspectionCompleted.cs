namespace Tchek.Events.Contracts;

/// <summary>
/// Progress reached 5 (Completed): the inspection is complete and a report was created.
/// Emitted at most once per token.
/// </summary>
public sealed record InspectionCompleted : TokenEvent
{
    /// <summary>The damage figure (<c>tchekPtr.percentDamage</c>) at completion; null if the vendor sent none.</summary>
    public decimal? PercentDamage { get; init; }

    /// <summary>The report options at completion (report, cost, downloadRoi, ...); null where the vendor sent none.</summary>
    public TokenOptions? Options { get; init; }
}
